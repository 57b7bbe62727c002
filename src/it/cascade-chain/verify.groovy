def tree = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/CascadeTree.groovy'))
tree.assertTree(basedir, [root: '12.1.1', rootRef: '12.1.1', base: '2.0.1', baseRef: '2.0.1',
                          java: '1.4.3', javaRef: '1.4.3', clojure: '0.9.10-alpine'])
String log = new File(basedir, 'build.log').getText('UTF-8')
assert log.contains('base-dev 2.0.0 → 2.0.1 (debian-slim 12.1.0 → 12.1.1)')
assert log.contains('java-dev 1.4.2 → 1.4.3 (base-dev 2.0.0 → 2.0.1, debian-slim 12.1.0 → 12.1.1)')
assert log.contains('clojure-dev 0.9.9-alpine → 0.9.10-alpine (java-dev 1.4.2 → 1.4.3)')
assert !log.contains('jq 1.6.0 →') && !log.contains('follows-latest 3.0.0 →')
return true
