def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String log = new File(basedir, 'build.log').text
def slurp = { String path -> new groovy.json.JsonSlurper().parse(new File(basedir, path)) }
def cosignVerify = { String key, String ref ->
    Process p = ['cosign', 'verify', '--key', new File(basedir, key).path, '--insecure-ignore-tlog=true',
                 '--allow-http-registry', ref].execute(null, basedir)
    StringBuilder out = new StringBuilder()
    p.waitForProcessOutput(out, out)
    [p.exitValue(), out.toString()]
}
// 1. each released digest carries a signature by cosign.key, and by no other key
def signed = slurp('target/cip-signed/report.json')
assert signed.images*.name as Set == ['base', 'app'] as Set && signed.images.every { it.released }: "${signed.images}"
signed.images.each { image ->
    String ref = "$itRegistry/$ns/${image.name}@${image.digest}"
    assert image.digest == support.manifest(itRegistry, "$ns/${image.name}", '1.0.0')._digest
    def (rc, out) = cosignVerify('cosign.pub', ref)
    assert rc == 0: "cosign verify $ref: $out"
    def (rcOther, outOther) = cosignVerify('other.pub', ref)
    assert rcOther != 0: "verified with a key that signed nothing: $outOther"
}
assert log.contains('Signed 2 of 2 released image(s)')
assert !log.contains('it-signing-secret'): 'the key password reached the log'
// 2. skipped images verified
assert slurp('target/cip-verified/report.json').images.every { it.decision == 'SKIP' }
assert log.contains('Signatures verified on 2 published image(s)')
// 3. the wrong key: refused, naming the images, nothing built
assert log.contains('signature check failed for 2 published image(s)')
assert log.contains("$itRegistry/$ns/base@")
return true
