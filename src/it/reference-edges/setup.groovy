def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
File app = new File(basedir, 'contexts/02-app/Dockerfile')
app.text = app.text.replace('IT_REGISTRY', "$itRegistry/" + support.namespace(basedir))
return true
