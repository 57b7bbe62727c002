// Drives cip:update step by step (the invoker runs one goal list; the upstream tags must move between goals).
def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def upstreams = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItUpstream.groovy'))
try {
    String ns = support.namespace(basedir)
    String up = new File(basedir, 'upstream.txt').text.trim()
    Properties pins1 = new Properties()
    new File(basedir, 'pins-1.properties').withInputStream { pins1.load(it) }
    def pom = new groovy.xml.XmlSlurper().parse(new File(projectRoot, 'pom.xml'))
    String plugin = "${pom.groupId}:${pom.artifactId}:${pom.version}"
    File repo = new File(projectRoot, 'target/local-repo')
    File settings = new File(basedir, 'target/settings-update.xml')
    settings.text = new File(projectRoot, 'src/it/settings.xml').text.replace('@localRepositoryUrl@', repo.toURI().toString())

    // One Maven run of the plugin; returns [exit code, output].
    def mvn = { String goal, String... args ->
        List<String> cmd = [new File(System.getProperty('maven.home'), 'bin/mvn').path, '-B', '-ntp', '-s', settings.path,
                            "-Dmaven.repo.local=$repo".toString(), "$plugin:$goal".toString()] + (args as List)
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(basedir).redirectErrorStream(true)
        pb.environment().put('DOCKER_CONFIG', new File(projectRoot, 'target/it-docker-config').path)
        Process p = pb.start()
        String out = p.inputStream.text
        int rc = p.waitFor()
        new File(basedir, "update-steps.log") << "\n===== $goal ${args.join(' ')} (exit $rc)\n$out"
        [rc, out]
    }
    def snapshot = {
        Map<String, String> m = new TreeMap<>()
        new File(basedir, 'contexts').eachFileRecurse { File f -> if (f.name in ['Dockerfile', 'info.edn']) { m[f.path] = f.text } }
        m
    }
    def text = { String ctx, String file = 'Dockerfile' -> new File(basedir, "contexts/$ctx/$file").text }
    def version = { String ctx -> (text(ctx, 'info.edn') =~ /"([^"]+)"/)[0][1] }

    // The first publish built everything on the pinned upstream bytes.
    List<String> debLayersBefore = support.diffIds(itRegistry, "$ns/deb", '1.0.0')

    // 1. Nothing moved: nothing to update, nothing written.
    Map before = snapshot()
    def (rc0, out0) = mvn('update')
    assert rc0 == 0: out0
    assert out0.contains('nothing to update'): out0
    assert snapshot() == before

    // 2. debian's tag moves upstream.
    Map deb2 = upstreams.push(projectRoot, up, 'library/debian', 'bookworm-slim', 'debian-2')
    assert deb2.digest != pins1.debian

    // 2a. offline (mvn -o): no upstream is asked, the pins stay
    def (rcOff, outOff) = mvn('update', '-o')
    assert rcOff == 0 && outOff.contains('offline, so upstream registries are not asked'): outOff
    assert snapshot() == before

    // 2b. dry run: prints the diff, writes nothing in the project
    def (rcDry, outDry) = mvn('update', '-Dcip.dryRun=true')
    assert rcDry == 0: outDry
    assert snapshot() == before
    assert new File(basedir, 'target/cip/update.diff').text.contains("+# the Debian root") == false
    assert new File(basedir, 'target/cip/update.diff').text.contains(deb2.digest)

    // 2c. the update: exactly debian's pin, exactly deb and its descendants
    def (rc1, out1) = mvn('update')
    assert rc1 == 0: out1
    String debText = "# the Debian root\r\nFROM $up/library/debian:bookworm-slim@${deb2.digest} AS base\r\nCOPY 00-deb.txt /\r\n"
    assert text('00-deb') == debText
    assert version('00-deb') == '1.0.1'
    assert version('01-mid') == '1.1.1' && text('01-mid').contains('/deb:1.0.1\n')
    assert version('02-app') == '1.2.1' && text('02-app').contains('/mid:1.1.1\n')
    assert version('03-leaf') == '0.1.1' && text('03-leaf').contains('/app:1.2.1\n')
    ['00-alp', '01-argy'].each { assert snapshot().findAll { k, v -> k.contains("/$it/") } == before.findAll { k, v -> k.contains("/$it/") } }
    String md = new File(basedir, 'target/cip/update.md').text
    assert md.contains("| deb | 1.0.0 → 1.0.1 | $up/library/debian:bookworm-slim moved ${pins1.debian.take(19)} → ${deb2.digest.take(19)} |"): md
    assert md.contains('| mid | 1.1.0 → 1.1.1 | parent deb 1.0.0 → 1.0.1 |'): md
    assert md.contains('| leaf | 0.1.0 → 0.1.1 | parent app 1.2.0 → 1.2.1 |'): md
    assert !md.contains('| alp ') && !md.contains('| argy '): md

    // 2d. a second run changes nothing
    Map after = snapshot()
    def (rc2, out2) = mvn('update')
    assert rc2 == 0 && out2.contains('nothing to update'): out2
    assert snapshot() == after

    // 2e. the publish that follows builds exactly those images, on debian's new bytes
    def (rcPub, outPub) = mvn('publish-locally', '-Dcip.reportDir=target/cip-second')
    assert rcPub == 0: outPub
    def second = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/cip-second/report.json'))
    assert second.images.findAll { it.decision == 'DONE' }.collect { it.name } as Set == ['deb', 'mid', 'app', 'leaf'] as Set
    assert second.images.findAll { it.decision != 'DONE' }.collect { it.name } as Set == ['alp', 'argy'] as Set
    List<String> debLayersAfter = support.diffIds(itRegistry, "$ns/deb", '1.0.1')
    assert debLayersAfter[0] != debLayersBefore[0]: 'the base layer is the new upstream one'
    assert debLayersAfter.size() == debLayersBefore.size()

    // 3. upstream fails: 404 (a tag that is not there) and down; nothing changes, the reference is named with file:line
    File alpFile = new File(basedir, 'contexts/00-alp/Dockerfile')
    String alpText = alpFile.text
    alpFile.text = alpText.replace('library/alpine:3.20', 'library/alpine:9.99')
    Map broken = snapshot()
    def (rc404, out404) = mvn('update')
    assert rc404 != 0
    assert out404.contains("contexts/00-alp/Dockerfile:1:") && out404.contains('alpine'): out404
    assert snapshot() == broken
    alpFile.text = alpText

    // 4. alpine moves: the FROM pin and the ARG-default pin move, in their lines
    Map alp2 = upstreams.push(projectRoot, up, 'library/alpine', '3.20', 'alpine-2')
    def (rc3, out3) = mvn('update')
    assert rc3 == 0: out3
    assert text('00-alp') == alpText.replace(pins1.alpine, alp2.digest)
    assert text('01-argy') == "ARG BASE=$up/library/alpine:3.20@${alp2.digest}\nFROM \$BASE\nCOPY 01-argy.txt /\n"
    assert version('00-alp') == '2.0.1' && version('01-argy') == '3.0.1'
    assert version('02-app') == '1.2.2' && version('03-leaf') == '0.1.2': 'app copies from alp'
    assert version('00-deb') == '1.0.1' && version('01-mid') == '1.1.1'

    // 5. an edited leaf is bumped alone (its version is published); an edited root with all its descendants
    def (rcPub2, outPub2) = mvn('publish-locally', '-Dcip.reportDir=target/cip-third')
    assert rcPub2 == 0: outPub2
    Map published = snapshot()
    new File(basedir, 'contexts/03-leaf/03-leaf.txt').text = 'edited\n'
    def (rc4, out4) = mvn('update')
    assert rc4 == 0: out4
    assert version('03-leaf') == '0.1.3'
    assert snapshot().findAll { k, v -> !k.contains('/03-leaf/') } == published.findAll { k, v -> !k.contains('/03-leaf/') }
    assert new File(basedir, 'target/cip/update.md').text.contains('| leaf | 0.1.2 → 0.1.3 | content changed |')

    // 6. an ARG default used for two different upstream images is refused naming the ARG line and both uses
    File argy = new File(basedir, 'contexts/01-argy/Dockerfile')
    upstreams.push(projectRoot, up, 'library/other', '3.20', 'other-1')
    argy.text = "ARG TAG=3.20\nFROM $up/library/alpine:\${TAG}\nCOPY --from=$up/library/other:\${TAG} /x /x\n"
    Map ambiguous = snapshot()
    def (rc5, out5) = mvn('update', '-Dcip.pinUnpinned=true')
    assert rc5 != 0
    assert out5.contains('contexts/01-argy/Dockerfile:1:') && out5.contains('line 2') && out5.contains('line 3'): out5
    assert snapshot() == ambiguous

    // 7. the upstream registry down: nothing changes, the references are named
    argy.text = "ARG BASE=$up/library/alpine:3.20@${alp2.digest}\nFROM \$BASE\nCOPY 01-argy.txt /\n"
    upstreams.stopAll(projectRoot, basedir)
    Map down = snapshot()
    def (rc6, out6) = mvn('update')
    assert rc6 != 0
    assert out6.contains('contexts/00-deb/Dockerfile:2:') && out6.contains('nothing was changed'): out6
    assert snapshot() == down
    return true
} finally {
    upstreams.stopAll(projectRoot, basedir)
}
