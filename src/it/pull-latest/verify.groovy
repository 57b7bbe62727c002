def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
String local = "$itRegistry/$ns"
String remote = new File(basedir, 'publish-registry.txt').text.trim() + "/$ns"
def id = { String ref -> support.docker('image', 'inspect', '--format', '{{.Id}}', ref).trim() }
def absent = { String ref -> support.dockerRun('image', 'inspect', ref)[0] != 0 }
def images = ['busybox': '1.0.0', 'base': '2.0.0']
try {
    images.each { name, version ->
        // pulled under the local registry's name, tagged latest
        String pulled = id("$local/$name:$version")
        assert pulled.startsWith('sha256:')
        assert id("$local/$name:latest") == pulled: "$name: latest is not the pulled $version"
        // the same image as the one built and pushed under the other name (same registry)
        assert id("$remote/$name:$version") == pulled
        assert id("$remote/$name:latest") == pulled: "pull-latest-from-remote-registry tagged $name latest"
    }
    assert absent("$local/absent:1.1.0") && absent("$local/absent:latest")
    String log = new File(basedir, 'build.log').text
    assert log.contains("busybox:1.0.0: pulled $local/busybox:1.0.0, tagged $local/busybox:latest")
    assert log.contains("absent:1.1.0: missing from $local ($local/absent:1.1.0); not pulled")
    assert log.contains("cip pull-latest-from-local-registry: 2 pulled, 1 missing from $local, 0 failed")
    assert log.contains("cip pull-latest-from-remote-registry: 2 pulled, 1 missing from $remote, 0 failed")
    assert new File(basedir, 'target/cip/logs/pull-base.log').text.contains("$local/base:2.0.0")
} finally {
    // leave the Docker store as it was
    [local, remote].each { reg -> images.each { name, version -> ["$name:$version", "$name:latest"].each { tag ->
        support.dockerRun('image', 'rm', "$reg/$tag")
    } } }
}
return true
