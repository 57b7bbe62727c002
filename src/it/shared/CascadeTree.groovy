// The sample tree of the cascade integration tests, written byte for byte by setup.groovy and compared byte for byte
// by verify.groovy. Line endings (LF, CRLF), missing final newlines, comments, flags, aliases and case are part of the
// test: only the version strings may differ between the tree before and after a cascade.
class CascadeTree {
    /** The versions in the tree as the user left it: debian-slim patched by hand, its children not yet cascaded. */
    static final Map BEFORE = [root: '12.1.1', rootRef: '12.1.0', base: '2.0.0', baseRef: '2.0.0',
                               java: '1.4.2', javaRef: '1.4.2', clojure: '0.9.9-alpine']

    /** Every file of the tree, path -> exact text, for the given versions. */
    static Map<String, String> files(Map v) {
        [
                'contexts/README.md'                 : 'Plain files directly under contexts/ are ignored.\n',
                'contexts/00-debian-slim/Dockerfile' : 'FROM scratch\nCOPY motd /etc/motd\n',
                'contexts/00-debian-slim/motd'       : 'debian-slim\n',
                'contexts/00-debian-slim/info.edn'   : ';; patched by hand\n{:version "' + v.root + '"}\n',
                'contexts/01-jq/Dockerfile'          : 'FROM scratch\nCOPY jq /jq\n',
                'contexts/01-jq/jq'                  : 'jq\n',
                'contexts/01-jq/info.edn'            : '{:version "1.6.0"}\n',
                'contexts/01-base-dev/Dockerfile'    : 'ARG REGISTRY\n# base-dev builds on debian-slim:12.1.0 (this comment stays)\n'
                        + 'FROM ${REGISTRY}/debian-slim:' + v.rootRef + '\nCOPY motd /etc/motd.d/base-dev\n',
                'contexts/01-base-dev/motd'          : 'base-dev\n',
                'contexts/01-base-dev/info.edn'      : '{:version "' + v.base + '"\n :platforms ["linux/amd64" "linux/arm64"]}\n',
                'contexts/02-java-dev/Dockerfile'    : '# escape=\\\r\nARG REGISTRY=localhost:5000\r\n'
                        + '# java-dev: the JDK on top of base-dev\r\n'
                        + 'from --platform=$BUILDPLATFORM $REGISTRY/base-dev:' + v.baseRef + ' AS Build\r\n'
                        + 'COPY --from=${REGISTRY}/debian-slim:' + v.rootRef + ' \\\r\n     /etc/motd /motd\r\n',
                'contexts/02-java-dev/info.edn'      : ';; java-dev\r\n{:version "' + v.java + '" ; bumped by cip:cascade\r\n'
                        + ' :build-args {"JDK" "21"}}\r\n',
                'contexts/03-clojure-dev/Dockerfile' : 'ARG REGISTRY\nFROM ${REGISTRY}/java-dev:' + v.javaRef + '\nCOPY README /README',
                'contexts/03-clojure-dev/README'     : 'clojure-dev',
                'contexts/03-clojure-dev/info.edn'   : '{:version "' + v.clojure + '" :platforms ["linux/amd64"]}',
                'contexts/03-follows-latest/Dockerfile': 'ARG REGISTRY\nFROM ${REGISTRY}/java-dev:latest\n',
                'contexts/03-follows-latest/info.edn' : '{:version "3.0.0"}\n',
        ]
    }

    static void write(File basedir, Map v) {
        files(v).each { String path, String text ->
            File f = new File(basedir, path)
            f.parentFile.mkdirs()
            f.bytes = text.getBytes('UTF-8')
        }
    }

    /** Asserts that contexts/ holds exactly these files with exactly these bytes (no temporary files either). */
    static void assertTree(File basedir, Map v) {
        Map<String, String> expected = files(v)
        List<String> actual = []
        new File(basedir, 'contexts').eachFileRecurse { File f ->
            if (f.isFile()) {
                actual << basedir.toPath().relativize(f.toPath()).toString().replace('\\', '/')
            }
        }
        assert actual.sort() == expected.keySet().sort()
        expected.each { String path, String text ->
            String got = new String(new File(basedir, path).bytes, 'UTF-8')
            assert got == text: "$path differs:\n--- expected\n${text.inspect()}\n--- actual\n${got.inspect()}"
        }
        assert !new File(basedir, '.cip.lock').exists(): 'the lock file was left behind'
    }
}
