def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
String reg = "$itRegistry/${support.namespace(basedir)}"
// The parent is published before the run; an imposter waits to take its tag when bake starts.
support.docker('buildx', 'build', '--provenance=false', '--push', '-t', "$reg/busybox:1.0.0",
        new File(basedir, 'contexts/00-busybox').path)
support.docker('buildx', 'build', '--provenance=false', '--push', '--build-arg', "BASE=$reg/busybox:1.0.0",
        '-t', "$reg/imposter:1", new File(basedir, 'imposter').path)
new File(basedir, 'published-digest.txt').text = support.manifest(itRegistry, "${support.namespace(basedir)}/busybox", '1.0.0')._digest
File wrapper = new File(basedir, 'docker-wrapper.sh')
wrapper.text = """#!/bin/sh
# Moves the parent's tag to the imposter the moment bake starts (after cip's plan), then runs the real docker.
for a in "\$@"; do
  if [ "\$a" = bake ]; then
    docker buildx imagetools create -t $reg/busybox:1.0.0 $reg/imposter:1 >> "${basedir}/moved.log" 2>&1 || exit 99
    echo moved >> "${basedir}/moved.log"
    break
  fi
done
exec docker "\$@"
"""
wrapper.setExecutable(true)
return true
