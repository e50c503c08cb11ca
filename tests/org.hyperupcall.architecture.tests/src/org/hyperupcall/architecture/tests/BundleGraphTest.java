package org.hyperupcall.architecture.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.eclipse.osgi.util.ManifestElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;
import org.objectweb.asm.tree.ClassNode;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;

/**
 * The bundle graph of DEVELOPING.md, held against every {@code plugins/*}/META-INF/MANIFEST.MF and the
 * classes the build compiled: the edges between our bundles the design allows, no Eclipse platform
 * below the UI, no requirement nobody uses, internals exported as such, and the package rules inside
 * bundles (the VM never names an engine, the launch core never names its UI).
 */
class BundleGraphTest {
    /** Our bundles and the ones of ours each may require: the design (DEVELOPING.md, "The bundle graph"). */
    static final Map<String, Set<String>> DESIGN = new LinkedHashMap<>();

    static {
        DESIGN.put("ebpf", Set.of());
        DESIGN.put("verifier", Set.of("ebpf"));
        DESIGN.put("abi", Set.of("verifier"));
        DESIGN.put("hypervisor", Set.of("ebpf", "verifier", "abi"));
        DESIGN.put("lang", Set.of("ebpf", "verifier", "abi"));
        DESIGN.put("lang.ide", Set.of("abi", "hypervisor", "lang"));
        DESIGN.put("debug", Set.of("ebpf", "verifier", "abi", "hypervisor", "lang"));
        DESIGN.put("cli", Set.of("ebpf", "verifier", "abi", "hypervisor", "lang", "lang.ide", "debug"));
        DESIGN.put("ui", Set.of("ebpf", "verifier", "abi", "hypervisor", "lang", "lang.ide"));
        DESIGN.put("launch", Set.of("ebpf", "abi", "hypervisor", "lang", "debug"));
        DESIGN.put("studio", Set.of("ui", "launch"));
    }

    /** The bundles that also run as plain jars (huc.jar): no Eclipse platform, only libraries from Maven Central. */
    static final Set<String> PLAIN = Set.of("ebpf", "verifier", "abi", "hypervisor", "lang", "lang.ide", "debug", "cli");

    /** Eclipse platform bundles and packages (EMF, Xtext and LSP4J are libraries, not the platform). */
    static final List<String> PLATFORM = List.of("org.eclipse.core.", "org.eclipse.ui", "org.eclipse.swt", "org.eclipse.jface",
            "org.eclipse.debug.", "org.eclipse.equinox.", "org.eclipse.osgi", "org.eclipse.text", "org.osgi.");

    /** Package rules inside bundles: classes of the first package never refer to a package starting with the second. */
    static final List<String[]> PACKAGE_RULES = List.of(
            new String[] {"org.hyperupcall.ebpf.vm", "org.hyperupcall.ebpf.interp"},
            new String[] {"org.hyperupcall.ebpf.vm", "org.hyperupcall.ebpf.jit"},
            new String[] {"org.hyperupcall.ebpf.isa", "org.hyperupcall.ebpf.interp"},
            new String[] {"org.hyperupcall.ebpf.isa", "org.hyperupcall.ebpf.jit"},
            new String[] {"org.hyperupcall.launch", "org.hyperupcall.launch.ui"},
            new String[] {"org.hyperupcall.launch", "org.eclipse.ui"},
            new String[] {"org.hyperupcall.launch", "org.eclipse.swt"},
            new String[] {"org.hyperupcall.launch", "org.eclipse.jface"},
            new String[] {"org.hyperupcall.launch", "org.eclipse.debug.ui"},
            new String[] {"org.hyperupcall.launch.debug", "org.hyperupcall.launch.ui"},
            new String[] {"org.hyperupcall.launch.debug", "org.eclipse.ui"},
            new String[] {"org.hyperupcall.launch.debug", "org.eclipse.swt"},
            new String[] {"org.hyperupcall.launch.debug", "org.eclipse.jface"},
            new String[] {"org.hyperupcall.launch.debug", "org.eclipse.debug.ui"});

    /** A bundle of plugins/: its manifest's headers, for each of its packages the packages its classes refer to, its plugin.xml. */
    record Plugin(String name, Path dir, Map<String, ManifestElement[]> headers, Map<String, Set<String>> packageReferences, String pluginXml) {
        /** Every package the bundle's classes refer to (other than their own). */
        Set<String> referencedPackages() {
            Set<String> out = new TreeSet<>();
            packageReferences.values().forEach(out::addAll);
            return out;
        }

        String shortName() {
            return name.substring("org.hyperupcall.".length());
        }

        ManifestElement[] header(String h) {
            return headers.getOrDefault(h, new ManifestElement[0]);
        }
    }

    static final Map<String, Plugin> PLUGINS = new TreeMap<>();

    @BeforeAll
    static void readPlugins() throws Exception {
        Path repo = Path.of(System.getProperty("hyperupcall.repo", "../.."));
        try (Stream<Path> dirs = Files.list(repo.resolve("plugins"))) {
            for (Path dir : dirs.sorted().toList()) {
                Path mf = dir.resolve("META-INF/MANIFEST.MF");
                if (!Files.isRegularFile(mf)) {
                    continue;
                }
                Manifest m;
                try (InputStream in = Files.newInputStream(mf)) {
                    m = new Manifest(in);
                }
                Map<String, ManifestElement[]> headers = new LinkedHashMap<>();
                for (Object key : m.getMainAttributes().keySet()) {
                    String k = key.toString();
                    headers.put(k, ManifestElement.parseHeader(k, m.getMainAttributes().getValue(k)));
                }
                String name = headers.get(Constants.BUNDLE_SYMBOLICNAME)[0].getValue();
                Path classes = dir.resolve("target/classes");
                assertTrue(Files.isDirectory(classes), name + ": no compiled classes in " + classes + " (build the plugins first)");
                Path pluginXml = dir.resolve("plugin.xml");
                PLUGINS.put(name, new Plugin(name, dir, headers, packageReferences(classes),
                        Files.isRegularFile(pluginXml) ? Files.readString(pluginXml) : ""));
            }
        }
        assertEquals(new TreeSet<>(DESIGN.keySet()), new TreeSet<>(PLUGINS.values().stream().map(Plugin::shortName).toList()),
                "every bundle of plugins/ has its line in the design, and every line its bundle");
    }

    @Test
    void everyDependencyBetweenOurBundlesIsOneTheDesignAllows() {
        List<String> wrong = new ArrayList<>();
        for (Plugin p : PLUGINS.values()) {
            for (ManifestElement r : p.header(Constants.REQUIRE_BUNDLE)) {
                String required = r.getValue();
                if (required.startsWith("org.hyperupcall.") && !DESIGN.get(p.shortName()).contains(required.substring("org.hyperupcall.".length()))) {
                    wrong.add(p.name() + " requires " + required);
                }
            }
            for (String pkg : p.referencedPackages()) {
                String owner = ownerOf(pkg);
                if (owner != null && !owner.equals(p.name()) && !DESIGN.get(p.shortName()).contains(owner.substring("org.hyperupcall.".length()))) {
                    wrong.add(p.name() + " uses " + pkg + " of " + owner);
                }
            }
        }
        assertEquals(List.of(), wrong, "edges the design (DEVELOPING.md) does not have");
    }

    @Test
    void noBundleThatRunsAsAPlainJarRequiresTheEclipsePlatform() {
        List<String> wrong = new ArrayList<>();
        for (Plugin p : PLUGINS.values()) {
            if (!PLAIN.contains(p.shortName())) {
                continue;
            }
            for (String h : List.of(Constants.REQUIRE_BUNDLE, Constants.IMPORT_PACKAGE)) {
                for (ManifestElement e : p.header(h)) {
                    if (PLATFORM.stream().anyMatch(e.getValue()::startsWith)) {
                        wrong.add(p.name() + ": " + h + " " + e.getValue());
                    }
                }
            }
            for (String pkg : p.referencedPackages()) {
                if (PLATFORM.stream().anyMatch(pkg::startsWith)) {
                    wrong.add(p.name() + " uses " + pkg);
                }
            }
        }
        assertEquals(List.of(), wrong, "the bundles of huc.jar must run without Eclipse");
    }

    @Test
    void everyRequiredBundleAndImportedPackageIsUsed() throws BundleException {
        List<String> unused = new ArrayList<>();
        for (Plugin p : PLUGINS.values()) {
            for (ManifestElement r : p.header(Constants.REQUIRE_BUNDLE)) {
                Set<String> exported = exportedThrough(r.getValue(), new TreeSet<>());
                boolean used = p.referencedPackages().stream().anyMatch(exported::contains)
                        || p.pluginXml().contains("point=\"" + r.getValue() + ".");
                if (!used) {
                    unused.add(p.name() + ": Require-Bundle " + r.getValue() + " (exports " + abbreviate(exported) + ")");
                }
            }
            for (ManifestElement i : p.header(Constants.IMPORT_PACKAGE)) {
                if (!p.referencedPackages().contains(i.getValue())) {
                    unused.add(p.name() + ": Import-Package " + i.getValue());
                }
            }
        }
        assertEquals(List.of(), unused, "requirements no class or extension of the bundle uses");
    }

    @Test
    void theVmNamesNoEngineAndTheLaunchCoreNoUserInterface() {
        List<String> wrong = new ArrayList<>();
        for (Plugin p : PLUGINS.values()) {
            for (Map.Entry<String, Set<String>> e : p.packageReferences().entrySet()) {
                for (String[] rule : PACKAGE_RULES) {
                    if (e.getKey().equals(rule[0])) {
                        e.getValue().stream().filter(ref -> ref.equals(rule[1]) || ref.startsWith(rule[1] + "."))
                                .forEach(ref -> wrong.add(rule[0] + " uses " + ref));
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "package rules");
    }

    @Test
    void generatedAndInternalPackagesAreExportedAsInternal() {
        List<String> wrong = new ArrayList<>();
        for (Plugin p : PLUGINS.values()) {
            for (ManifestElement e : p.header(Constants.EXPORT_PACKAGE)) {
                String pkg = e.getValue();
                boolean internal = pkg.endsWith(".internal") || pkg.contains(".internal.") || pkg.endsWith(".impl")
                        || pkg.contains(".parser.antlr") || pkg.endsWith(".serializer") || pkg.endsWith(".util") && pkg.contains(".huc.");
                if (internal && !"true".equals(e.getDirective("x-internal"))) {
                    wrong.add(p.name() + ": " + pkg);
                }
            }
        }
        assertEquals(List.of(), wrong, "exported without x-internal:=true");
    }

    @Test
    void theDesignTableIsTheOneDevelopingMdShows() throws IOException {
        Path repo = Path.of(System.getProperty("hyperupcall.repo", "../.."));
        String developing = Files.readString(repo.resolve("DEVELOPING.md"));
        for (Map.Entry<String, Set<String>> e : DESIGN.entrySet()) {
            String line = developing.lines().filter(l -> l.startsWith(String.format("%-28s", "org.hyperupcall." + e.getKey())))
                    .findFirst().orElse(null);
            assertFalse(line == null, "DEVELOPING.md has no graph line for org.hyperupcall." + e.getKey());
            String arrow = line.contains("→") ? line.substring(line.indexOf('→') + 1).split(";")[0] : "";
            Set<String> shown = new TreeSet<>();
            for (String s : arrow.split(",")) {
                if (!s.isBlank()) {
                    shown.add(s.strip());
                }
            }
            assertEquals(new TreeSet<>(e.getValue()), shown, "DEVELOPING.md's line for org.hyperupcall." + e.getKey());
        }
    }

    // ---------------------------------------------------------------- reading the bundles

    /** Which of our bundles exports a package (null: not ours). */
    static String ownerOf(String pkg) {
        for (Plugin p : PLUGINS.values()) {
            for (ManifestElement e : p.header(Constants.EXPORT_PACKAGE)) {
                if (e.getValue().equals(pkg)) {
                    return p.name();
                }
            }
        }
        return null;
    }

    /** The packages a bundle of the running framework exports, with those of the bundles it re-exports. */
    static Set<String> exportedThrough(String bundleName, Set<String> seen) throws BundleException {
        Set<String> out = new TreeSet<>();
        if (!seen.add(bundleName)) {
            return out;
        }
        Bundle b = installed(bundleName);
        if (b == null && seen.size() > 1) {
            return out; // re-exported optionally (such as MWE by Xtext) and not installed: nothing of ours can use it
        }
        if (b == null) {
            throw new AssertionError(bundleName + " is not in the test's framework: require it from this test bundle");
        }
        for (ManifestElement e : parse(b, Constants.EXPORT_PACKAGE)) {
            for (String pkg : e.getValueComponents()) {
                out.add(pkg);
            }
        }
        for (ManifestElement e : parse(b, Constants.REQUIRE_BUNDLE)) {
            if (Constants.VISIBILITY_REEXPORT.equals(e.getDirective(Constants.VISIBILITY_DIRECTIVE))) {
                out.addAll(exportedThrough(e.getValue(), seen));
            }
        }
        return out;
    }

    static ManifestElement[] parse(Bundle b, String header) throws BundleException {
        ManifestElement[] e = ManifestElement.parseHeader(header, b.getHeaders("").get(header));
        return e == null ? new ManifestElement[0] : e;
    }

    static Bundle installed(String symbolicName) {
        Bundle best = null;
        for (Bundle b : FrameworkUtil.getBundle(BundleGraphTest.class).getBundleContext().getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && (best == null || b.getVersion().compareTo(best.getVersion()) > 0)) {
                best = b;
            }
        }
        return best;
    }

    /** For each package of the compiled classes, the packages its classes refer to (types in signatures, instructions, annotations, constants). */
    static Map<String, Set<String>> packageReferences(Path classes) throws IOException {
        Map<String, Set<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassReader reader = new ClassReader(Files.readAllBytes(f));
                String own = packageOf(reader.getClassName());
                Set<String> refs = out.computeIfAbsent(own, k -> new TreeSet<>());
                // a ClassNode underneath: a remapper visits a method's body only when the visitor below it wants it
                reader.accept(new ClassRemapper(new ClassNode(), new Remapper() {
                    @Override
                    public String map(String internalName) {
                        String pkg = packageOf(internalName);
                        if (!pkg.isEmpty() && !pkg.equals(own)) {
                            refs.add(pkg);
                        }
                        return internalName;
                    }
                }), 0);
            }
        }
        return out;
    }

    static String packageOf(String internalName) {
        String n = internalName.startsWith("[") ? internalName.replaceAll("^\\[+L?", "").replace(";", "") : internalName;
        int slash = n.lastIndexOf('/');
        return slash < 0 ? "" : n.substring(0, slash).replace('/', '.');
    }

    static String abbreviate(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        return l.size() <= 4 ? l.toString() : l.subList(0, 4) + " and " + (l.size() - 4) + " more";
    }
}
