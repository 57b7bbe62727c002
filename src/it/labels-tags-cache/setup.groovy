def support = new GroovyClassLoader(getClass().classLoader).parseClass(new File(projectRoot, 'src/it/shared/ItSupport.groovy'))
support.setup(basedir, itRegistry)
// The project is a git work tree of its own: base is committed first, app last, so each has its own revision.
def git = { String... args ->
    def p = new ProcessBuilder(['git', '-C', basedir.path, '-c', 'user.name=cip-it', '-c', 'user.email=it@example.com',
                                '-c', 'commit.gpgsign=false'] + args.toList()).redirectErrorStream(true).start()
    String out = p.inputStream.text.trim()
    assert p.waitFor() == 0: "git ${args.join(' ')}: $out"
    out
}
git('init', '-q')
git('add', 'contexts/00-base')
git('commit', '-q', '-m', 'base')
new File(basedir, 'base-commit.txt').text = git('rev-parse', 'HEAD')
git('add', 'contexts/01-app')
git('commit', '-q', '-m', 'app')
new File(basedir, 'app-commit.txt').text = git('rev-parse', 'HEAD')
return true
