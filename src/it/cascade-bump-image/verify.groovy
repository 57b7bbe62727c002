def tree = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/CascadeTree.groovy'))
// cip.bump=minor applies to the named image; its descendants get the smallest raise that keeps the order (patch)
tree.assertTree(basedir, [root: '12.2.0', rootRef: '12.2.0', base: '2.0.1', baseRef: '2.0.1',
                          java: '1.4.3', javaRef: '1.4.3', clojure: '0.9.10-alpine'])
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('debian-slim 12.1.1 → 12.2.0 (cip.bumpImage, minor)')
assert log.contains('java-dev 1.4.2 → 1.4.3 (base-dev 2.0.0 → 2.0.1, debian-slim 12.1.0 → 12.2.0)')
return true
