def tree = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/CascadeTree.groovy'))
tree.assertTree(basedir, tree.BEFORE + [rootRef: '13.0.0'])
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('nothing was built or changed')
assert log.contains(new File(basedir, 'contexts/01-base-dev/Dockerfile').path + ':3: base-dev refers to debian-slim:13.0.0, which is higher than debian-slim')
assert log.contains(new File(basedir, 'contexts/02-java-dev/Dockerfile').path + ':5:')
assert !log.contains('Exception in thread')
return true
