String log = new File(basedir, 'build.log').text
def failures = log.readLines().findAll { it.startsWith('[ERROR] Failed to execute goal') }
assert failures.size() == 2: failures
// 1. DNS: said as such, not as a refused connection
assert failures[0].contains('the host name registry.invalid of registry registry.invalid:5000 could not be resolved'): failures[0]
assert !failures[0].contains('connection refused') && !failures[0].contains('is it running'): failures[0]
// 2. plain HTTP answered to HTTPS: points at the property
assert failures[1].contains('registry plain.test:5000 answered in plain HTTP to an HTTPS request'): failures[1]
assert failures[1].contains('add it to cip.insecureRegistries (-Dcip.insecureRegistries=plain.test:5000)'): failures[1]
// both are the environment's fault, no stack trace
assert log.count('Caused by: org.apache.maven.plugin.MojoExecutionException') == 2
// 3. with the entry the plan ran: the image is to be built
assert new File(basedir, 'target/cip/plan.json').isFile()
def plan = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cip/plan.json'))
assert plan.toString().contains('app'): plan
return true
