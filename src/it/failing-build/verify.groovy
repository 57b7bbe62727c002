def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
File midLog = new File(basedir, 'target/cip/logs/mid.log')
assert log.contains('cip publish-locally failed')
assert log.contains('mid 1.0.0: docker buildx bake exited 1')
assert log.contains(midLog.path): "the failure names the log"
assert log.contains('blocked: leaf (parent mid failed)')
assert midLog.text.contains('about to fail')
assert support.exists(itRegistry, "$ns/busybox", '1.0.0'): 'the image before the failure is published'
assert !support.exists(itRegistry, "$ns/mid", '1.0.0')
assert !support.exists(itRegistry, "$ns/leaf", '1.0.0')
def report = support.report(basedir)
assert report.images*.decision == ['DONE', 'FAILED', 'BLOCKED']
assert report.images[1].attempts == 1: 'a Dockerfile error is never retried'
return true
