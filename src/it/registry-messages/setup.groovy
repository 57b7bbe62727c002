def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
assert itRegistry == 'localhost:5000': "this IT maps plain.test:5000 to the test registry on 127.0.0.1:5000, not $itRegistry"
new File(basedir, 'hosts').text = '127.0.0.1 localhost plain.test\n::1 localhost\n'
return true
