def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def registries = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItRegistry.groovy'))
try {
    String ns = support.namespace(basedir)
    String remote = new File(basedir, 'remote-registry.txt').text.trim()
    def creds = ['citest', 'citest-h3lper-s3cret']
    def (anonymous) = registries.request('GET', remote, "/v2/$ns/busybox/manifests/1.0.0")
    assert anonymous == 401: "the registry really needs credentials"
    ['1.0.0', 'latest'].each { tag ->
        def (status) = registries.request('GET', remote, "/v2/$ns/busybox/manifests/$tag", creds)
        assert status == 200: "busybox:$tag not in $remote ($status)"
    }
    // the helper was asked, for this registry, by cip (the plan's reads) and by docker (the push)
    List<String> calls = new File(basedir, 'helper-calls.txt').readLines()
    assert !calls.isEmpty()
    assert calls.every { it == "get $remote" }: calls
    String log = new File(basedir, 'build.log').text
    assert !log.contains('citest-h3lper-s3cret'): 'the secret is in the log'
    assert !log.contains(Base64.encoder.encodeToString('citest:citest-h3lper-s3cret'.bytes))
    assert !log.contains('requires authentication'): 'cip had no credentials'
    def report = support.report(basedir)
    assert report.images*.decision == ['DONE']: report.images
} finally {
    registries.stopAll(projectRoot, basedir)
}
return true
