def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
def image = { String dir, String name -> slurp("target/$dir/report.json").images.find { it.name == name } }
def shortFp = { String fp -> fp.take('sha256:'.length() + 12) }

String rootA = image('a-amd64', 'root').fingerprint
String rootB = image('b-arm64', 'root').fingerprint
assert rootA?.startsWith('sha256:') && rootB?.startsWith('sha256:') && rootA != rootB: "root: $rootA / $rootB"
assert image('a-amd64', 'other').fingerprint == image('b-arm64', 'other').fingerprint

// 2. the arm64 shard of the edited tree says that linux/amd64 was staged from other content
def arm = image('b-arm64', 'root')
assert arm.decision == 'DONE' && arm.reason.contains('other platforms staged from other content: linux/amd64 under 1.0.0__cip-linux-amd64 (fingerprint ' + shortFp(rootA) + ')'): "$arm"
assert slurp('target/b-arm64/report.json').warnings.any { it.startsWith('root 1.0.0: linux/amd64 under 1.0.0__cip-linux-amd64') }
assert image('b-arm64', 'other').reason == 'stage linux/arm64': "${image('b-arm64', 'other')}"

// 3. the atomic release refused root, naming each platform's fingerprint and staging tag and the shard to run again
assert log.contains('root 1.0.0: not released, its platforms were staged from different content: linux/amd64 fingerprint '
        + shortFp(rootA) + ' (1.0.0__cip-linux-amd64), linux/arm64 fingerprint ' + shortFp(rootB) + ' (1.0.0__cip-linux-arm64)')
assert log.contains('mvn cip:publish -Dcip.stage=linux/amd64 or mvn cip:publish -Dcip.stage=linux/arm64')
assert log.contains('other 1.0.0: held back,')

// 4. the stale shard, run again: root's linux/amd64 staged again, other left as staged
def again = image('b-amd64', 'root')
assert again.decision == 'DONE' && again.reason.startsWith('stage linux/amd64 again: staged from other content: linux/amd64 under 1.0.0__cip-linux-amd64 (fingerprint ' + shortFp(rootA) + ')'): "$again"
assert image('b-amd64', 'other').decision == 'SKIP'

// 5. released, one content: both platforms of root carry the edited tree's fingerprint; nothing from the first tree
assert log.contains('2 released, 0 already released, 0 not released')
['linux/amd64', 'linux/arm64'].each { platform ->
    assert support.labels(itRegistry, "$ns/root", '1.0.0', platform)['dev.cip.fingerprint'] == rootB: platform
}

// 6-7. solo: staged from solo-a, then published from solo-b: built again, released with the edit
String soloA = image('solo-a', 'solo').fingerprint
def solo = image('solo-b', 'solo')
assert solo.fingerprint != soloA
assert solo.reason.startsWith('staged from other content: linux/amd64 under 1.0.0__cip-linux-amd64 (fingerprint ' + shortFp(soloA) + ')'): "$solo"
assert solo.decision == 'DONE': "$solo"
assert support.labels(itRegistry, "$ns/solo", '1.0.0', 'linux/amd64')['dev.cip.fingerprint'] == solo.fingerprint
assert log.contains('solo 1.0.0: released')
return true
