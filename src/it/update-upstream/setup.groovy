// Two roots on two upstream bases (debian, alpine in an upstream registry with Docker-Hub-like token auth), three
// levels below, and one image naming its base through a global ARG default. Dockerfiles are written here: they name
// the upstream registry's port and the digests just pushed.
def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def upstreams = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItUpstream.groovy'))
support.setup(basedir, itRegistry)
upstreams.killLeftovers(projectRoot, basedir)
String up = upstreams.start(projectRoot, basedir)
new File(basedir, 'upstream.txt').text = up
Map deb = upstreams.push(projectRoot, up, 'library/debian', 'bookworm-slim', 'debian-1')
Map alp = upstreams.push(projectRoot, up, 'library/alpine', '3.20', 'alpine-1')
new File(basedir, 'pins-1.properties').text = "debian=${deb.digest}\nalpine=${alp.digest}\n"

def ctx = { String dir, String version, String dockerfile ->
    File d = new File(basedir, "contexts/$dir")
    d.mkdirs()
    new File(d, 'Dockerfile').text = dockerfile
    new File(d, 'info.edn').text = "{:version \"$version\"}\n"
    new File(d, "${dir}.txt").text = dir + "\n"
}
ctx('00-deb', '1.0.0', "# the Debian root\r\nFROM $up/library/debian:bookworm-slim@${deb.digest} AS base\r\nCOPY 00-deb.txt /\r\n")
ctx('00-alp', '2.0.0', "FROM --platform=\$TARGETPLATFORM $up/library/alpine:3.20@${alp.digest}\nCOPY 00-alp.txt /\n")
ctx('01-mid', '1.1.0', "ARG REGISTRY\nFROM \${REGISTRY}/deb:1.0.0\nCOPY 01-mid.txt /\n")
ctx('01-argy', '3.0.0', "ARG BASE=$up/library/alpine:3.20@${alp.digest}\nFROM \$BASE\nCOPY 01-argy.txt /\n")
ctx('02-app', '1.2.0', "ARG REGISTRY\nFROM \${REGISTRY}/alp:2.0.0 AS alp\nFROM \${REGISTRY}/mid:1.1.0\nCOPY --from=alp /00-alp.txt /\nCOPY 02-app.txt /\n")
ctx('03-leaf', '0.1.0', "ARG REGISTRY\nFROM \${REGISTRY}/app:1.2.0\nCOPY 03-leaf.txt /\n")
return true
