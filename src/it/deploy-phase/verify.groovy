def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
// cip:publish ran in the deploy phase without a <phase> in the execution, and maven-deploy-plugin was skipped
assert support.exists(itRegistry, "$ns/app", '1.0.0')
def report = support.report(basedir)
assert report.status == 'SUCCEEDED'
assert report.images*.decision == ['DONE']
assert report.images[0].reference.startsWith("$itRegistry/$ns/app:1.0.0@sha256:")
String log = new File(basedir, 'build.log').text
assert log.contains('(images) @ deploy-phase')
assert log.contains('cip publish SUCCEEDED: 1 built, 0 skipped')
return true
