def tree = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/CascadeTree.groovy'))
tree.assertTree(basedir, [root: '12.2.0', rootRef: '12.2.0', base: '2.1.0', baseRef: '2.1.0',
                          java: '1.5.0', javaRef: '1.5.0', clojure: '0.10.0-alpine'])
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('debian-slim 12.1.1 → 12.2.0 (cip.bumpImage, minor)')
assert log.contains('java-dev 1.4.2 → 1.5.0 (base-dev 2.0.0 → 2.1.0, debian-slim 12.1.0 → 12.2.0)')
return true
