def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
// two key pairs, generated here: cosign.key/.pub signs; other.pub is a key that signed nothing
List<String> env = System.getenv().collect { k, v -> "$k=$v".toString() } + ['COSIGN_PASSWORD=it-signing-secret']
[['cosign', 'generate-key-pair'], ['cosign', 'generate-key-pair', '--output-key-prefix', 'other']].each { cmd ->
    Process p = cmd.execute(env, basedir)
    StringBuilder out = new StringBuilder()
    p.waitForProcessOutput(out, out)
    assert p.exitValue() == 0: "${cmd.join(' ')} failed (is cosign installed? scripts/test-env.sh up installs it): $out"
}
assert new File(basedir, 'cosign.key').isFile() && new File(basedir, 'other.pub').isFile()
return true
