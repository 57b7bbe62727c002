def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
def t = { java.time.Instant.parse(it) }
def images = support.report(basedir).images.collectEntries { [it.name, it] }
assert images.keySet() == ['busybox', 'a', 'b'] as Set: "images in the report: ${images.keySet()}"
assert images.values().every { it.decision == 'DONE' }
def a = images.a, b = images.b
assert t(a.start) >= t(images.busybox.end) && t(b.start) >= t(images.busybox.end)
// the two spans overlap: each starts before the other ends
assert t(a.start) < t(b.end) && t(b.start) < t(a.end): "a ${a.start}..${a.end}, b ${b.start}..${b.end}"
return true
