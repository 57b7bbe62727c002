def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def upstreams = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItUpstream.groovy'))
upstreams.killLeftovers(projectRoot, basedir)
support.setup(basedir, itRegistry)
String upstream = upstreams.start(projectRoot, basedir)
new File(basedir, 'upstream.txt').text = upstream
Map pinned = upstreams.push(projectRoot, upstream, 'library/debian', 'bookworm-slim', 'first')
upstreams.push(projectRoot, upstream, 'library/alpine', '3', 'alpine')
// app pins debian; tool copies from alpine unpinned; then debian's tag moves upstream
File app = new File(basedir, 'contexts/00-app/Dockerfile')
app.text = app.text.replace('UPSTREAM_DEBIAN', "$upstream/library/debian:bookworm-slim@${pinned.digest}")
File tool = new File(basedir, 'contexts/01-tool/Dockerfile')
tool.text = tool.text.replace('UPSTREAM_ALPINE', "$upstream/library/alpine:3")
Map moved = upstreams.push(projectRoot, upstream, 'library/debian', 'bookworm-slim', 'second')
new File(basedir, 'pins.properties').text = "pinned=${pinned.digest}\nmoved=${moved.digest}\n"
return true
