def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
String reg = "$itRegistry/" + support.namespace(basedir)
// Stage as two native shards would: each platform pushed under its own staging tag; app built on base's staged
// digest for that platform (a named context pinned by digest), never on an unreleased base:1.0.0.
def stage = { String image, String version, String platform, List<String> extra ->
    String tag = version + '__cip-' + platform.replace('/', '-')
    File ctx = new File(basedir, 'contexts').listFiles().find { it.name.endsWith('-' + image) }
    List<String> args = ['buildx', 'build', '--platform', platform, '--provenance=mode=min', '--push',
                         '--build-arg', "REGISTRY=$reg", '-t', "$reg/$image:$tag"] + extra + [ctx.path]
    support.docker(args as String[])
    return support.manifest(itRegistry, "${support.namespace(basedir)}/$image", tag)
}
String ns = support.namespace(basedir)
['linux/amd64', 'linux/arm64'].each { platform ->
    stage('base', '1.0.0', platform, [])
    String baseTag = '1.0.0__cip-' + platform.replace('/', '-')
    String baseDigest = support.manifest(itRegistry, "$ns/base", baseTag)?._digest
    assert baseDigest: "base:$baseTag was not staged"
    stage('app', '2.0.0', platform, ['--build-context', "$reg/base:1.0.0=docker-image://$reg/base:$baseTag@$baseDigest"])
}
stage('tool', '1.0.0', 'linux/amd64', [])
stage('lonely', '1.0.0', 'linux/amd64', [])
return true
