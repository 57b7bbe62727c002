def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
return true
