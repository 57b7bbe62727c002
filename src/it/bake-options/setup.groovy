def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
// Records every docker call (one argument a line), then runs the real docker.
File wrapper = new File(basedir, 'docker-wrapper.sh')
wrapper.text = """#!/bin/sh
for a in "\$@"; do printf '%s\\n' "\$a"; done >> "${basedir}/docker-argv.txt"
echo ---- >> "${basedir}/docker-argv.txt"
exec docker "\$@"
"""
wrapper.setExecutable(true)
return true
