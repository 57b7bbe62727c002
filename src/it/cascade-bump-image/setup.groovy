def tree = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/CascadeTree.groovy'))
tree.write(basedir, tree.BEFORE)
return true
