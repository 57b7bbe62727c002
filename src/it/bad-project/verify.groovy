def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
assert log.contains('The project has 2 problems; nothing was built or changed')
assert log.contains(new File(basedir, 'contexts/01-no-dockerfile/Dockerfile').path + ': is missing')
assert log.contains(new File(basedir, 'contexts/02-bad-version/info.edn').path + ':2: :version must be a string')
assert !log.contains('Exception in thread')
assert !support.exists(itRegistry, "$ns/good", '1.0.0')
// nothing built or planned; only this run's own report, saying why it stopped
File reports = new File(basedir, 'target/cip')
assert (reports.list() as Set) == ['report.json', 'summary.md', 'cip.env'] as Set
def report = support.report(basedir)
assert report.status == 'FAILED'
assert report.error.contains('The project has 2 problems')
assert report.images.isEmpty()
return true
