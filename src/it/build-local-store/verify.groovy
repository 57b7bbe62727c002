def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String reg = "$itRegistry/$ns"
def layers = { String ref -> new groovy.json.JsonSlurper().parseText(support.docker('image', 'inspect', '--format', '{{json .RootFS.Layers}}', ref)) }
def busybox = layers("$reg/busybox:1.0.0")
def parent = layers("$reg/parent:3.0.0")
def child = layers("$reg/child:3.0.1")
assert layers("$reg/child:latest") == child
assert parent.size() == busybox.size() + 1 && parent.take(busybox.size()) == busybox
// the child's layers start with exactly the parent's: it was built on the parent loaded by this run
assert child.size() == parent.size() + 1 && child.take(parent.size()) == parent
// nothing was pushed: the parent could only have come from the local store
['busybox', 'parent', 'child'].each { assert !support.exists(itRegistry, "$ns/$it", 'latest') }
def report = support.report(basedir)
assert report.images*.decision == ['DONE', 'DONE', 'DONE']
// a second cip:build finds every image in the local store and skips it; so does cip:plan -Dcip.planFor=build
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
def again = slurp('target/cip-again/report.json')
assert again.images*.decision == ['SKIP', 'SKIP', 'SKIP']: "${again.images}"
assert again.images.every { it.reason.contains('already in') }: "${again.images}"
def plan = slurp('target/cip-plan/report.json')
assert plan.status == 'PLANNED' && plan.goal == 'build' && plan.images*.decision == ['SKIP', 'SKIP', 'SKIP']: "$plan"
return true
