def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
assert log.contains('The project has 2 problems; nothing was built or changed')
assert log.contains(new File(basedir, 'contexts/01-no-dockerfile/Dockerfile').path + ': is missing')
assert log.contains(new File(basedir, 'contexts/02-bad-version/info.edn').path + ': :version must be a string')
assert !log.contains('Exception in thread')
assert !support.exists(itRegistry, "$ns/good", '1.0.0')
assert !new File(basedir, 'target/cip').exists(): 'nothing written'
return true
