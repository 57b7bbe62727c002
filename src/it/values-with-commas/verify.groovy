def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
String ns = support.namespace(basedir)
def config = support.imageConfig(itRegistry, "$ns/app", '1.0.0')
// -Dcip.extraArg (bake: --set=*.labels.extra=a,b) reached docker buildx bake as one argument
assert config.config.Labels['extra'] == 'a,b'
// -Dcip.buildArg.NOTE=x,y reached the build as one build arg
assert config.config.Labels['note'] == 'x,y'
String log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] The property cip.imgaes is not a cip parameter and is ignored: did you mean cip.images?')
assert support.report(basedir).status == 'SUCCEEDED'
return true
