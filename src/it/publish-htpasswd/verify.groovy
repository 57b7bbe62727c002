def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
try {
    String ns = support.namespace(basedir)
    String remote = new File(basedir, 'remote-registry.txt').text.trim()
    def creds = ['cip', 'cip-it-s3cret']
    ['busybox', 'both'].each { name ->
        def (anonymous) = registries.request('GET', remote, "/v2/$ns/$name/manifests/1.0.0")
        assert anonymous == 401: "the registry really needs credentials"
        ['1.0.0', 'latest'].each { tag ->
            def (status, body) = registries.request('GET', remote, "/v2/$ns/$name/manifests/$tag", creds)
            assert status == 200: "$name:$tag not in $remote ($status)"
            def index = new groovy.json.JsonSlurper().parse(body)
            assert index.manifests.findAll { it.platform?.os == 'linux' }.collect { it.platform.architecture } as Set == ['amd64', 'arm64'] as Set
        }
    }
    // the user's Docker config is untouched and no private copy is left behind
    assert new File(basedir, 'docker-config/config.json').bytes == new File(basedir, 'config.json.orig').bytes
    def leftovers = new File(basedir, 'tmp').listFiles().findAll { it.name.startsWith('cip-docker-config-') }
    assert leftovers.isEmpty(): "temporary Docker configs left behind: $leftovers"
    String log = new File(basedir, 'build.log').text
    assert !log.contains('cip-it-s3cret'): 'the password is in the log'
    assert !log.contains(Base64.encoder.encodeToString('cip:cip-it-s3cret'.bytes))
    def report = support.report(basedir)
    assert report.images*.decision == ['DONE', 'DONE']
} finally {
    registries.stopAll(projectRoot, basedir)
}
return true
