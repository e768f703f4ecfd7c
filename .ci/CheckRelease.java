import java.io.IOException;
import java.io.StringReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Release check, run with the JDK's single-file launcher (java .ci/CheckRelease.java ...) after a
 * {@code mvn -Prelease verify}, which writes each module's effective POM to target/effective-pom.xml.
 *
 * <ul>
 * <li>{@code module DIR [--gpg-skip=true|false]}: one module. A module whose effective POM sets
 * {@code maven.deploy.skip=true} is not published and only reported. A published module needs name,
 * description, url, licenses, developers and scm in its effective POM; a jar module also needs its
 * jar (with Automatic-Module-Name), sources jar and javadoc jar in target/, every entry dated
 * project.build.outputTimestamp; with signing on, an .asc
 * beside each file. The Maven release profile runs this on every module at verify.</li>
 * <li>{@code all ROOT [--gpg-skip=...]}: the root and every module it lists, checked as above; the
 * published set must be exactly {@link #PUBLISHED}. Then lays out the Central upload bundle
 * (repository layout, .md5/.sha1 per file, .asc where signed) in ROOT/target/central-bundle and
 * zips it to ROOT/target/central-bundle.zip.</li>
 * </ul>
 * Exit status 0 when everything holds, 1 with one line per finding otherwise.
 */
public class CheckRelease {

	/** Published artifacts; every other module must say maven.deploy.skip=true. */
	static final Set<String> PUBLISHED = Set.of("patching-parent", "patching-spring-boot-autoconfigure",
			"patching-spring-boot-starter");

	record Module(Path dir, String groupId, String artifactId, String version, String packaging,
			boolean published, List<Path> files) {
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 2 || !(args[0].equals("module") || args[0].equals("all"))) {
			System.err.println("usage: CheckRelease module DIR [--gpg-skip=true|false]"
					+ " | all ROOT [--gpg-skip=true|false]");
			System.exit(2);
		}
		boolean signed = false;
		for (int i = 2; i < args.length; i++) {
			if (args[i].startsWith("--gpg-skip=")) {
				signed = args[i].substring("--gpg-skip=".length()).trim().equalsIgnoreCase("false");
			}
			else {
				System.err.println("unknown argument: " + args[i]);
				System.exit(2);
			}
		}
		List<String> problems = new ArrayList<>();
		Path dir = Path.of(args[1]).toAbsolutePath().normalize();
		if (args[0].equals("module")) {
			check(dir, signed, problems);
		}
		else {
			List<Module> modules = new ArrayList<>();
			modules.add(check(dir, signed, problems));
			for (String name : moduleNames(dir.resolve("pom.xml"))) {
				modules.add(check(dir.resolve(name).normalize(), signed, problems));
			}
			Set<String> published = new TreeSet<>();
			modules.stream().filter(m -> m != null && m.published()).forEach(m -> published.add(m.artifactId()));
			if (problems.isEmpty() && !published.equals(new TreeSet<>(PUBLISHED))) {
				problems.add("published modules are " + published + ", expected " + new TreeSet<>(PUBLISHED)
						+ " (a module that is not published sets maven.deploy.skip=true)");
			}
			if (problems.isEmpty()) {
				bundle(dir.resolve("target"), modules.stream().filter(Module::published).toList());
			}
		}
		if (!problems.isEmpty()) {
			problems.forEach(p -> System.err.println("check-release: " + p));
			System.err.println("check-release: FAILED (" + problems.size() + " finding(s))");
			System.exit(1);
		}
		System.out.println("check-release: OK");
	}

	static Module check(Path dir, boolean signed, List<String> problems) throws Exception {
		Path effective = dir.resolve("target/effective-pom.xml");
		if (!Files.isRegularFile(effective)) {
			problems.add(dir + ": no target/effective-pom.xml (build with: mvn -Prelease verify)");
			return null;
		}
		String rawArtifactId = text(projectOf(parse(dir.resolve("pom.xml")), null), "artifactId");
		Element project = projectOf(parse(effective), rawArtifactId);
		if (project == null) {
			problems.add(dir + ": target/effective-pom.xml does not describe " + rawArtifactId);
			return null;
		}
		String artifactId = text(project, "artifactId");
		String groupId = text(project, "groupId");
		String version = text(project, "version");
		String packaging = text(project, "packaging");
		if (packaging == null) {
			packaging = "jar";
		}
		String where = artifactId + " (" + dir + ")";
		Element properties = child(project, "properties");
		boolean published = !(properties != null
				&& "true".equalsIgnoreCase(text(properties, "maven.deploy.skip")));
		if (!published) {
			System.out.println("check-release: " + artifactId + ": not published (maven.deploy.skip=true)");
			return new Module(dir, groupId, artifactId, version, packaging, false, List.of());
		}
		int before = problems.size();

		for (String element : List.of("name", "description", "url")) {
			if (blank(text(project, element))) {
				problems.add(where + ": POM has no <" + element + ">");
			}
		}
		String url = text(project, "url");
		if (url != null && url.endsWith("/" + artifactId)) {
			problems.add(where + ": <url> " + url + " has the artifactId appended by inheritance");
		}
		Element licenses = child(project, "licenses");
		Element license = licenses == null ? null : child(licenses, "license");
		if (license == null || blank(text(license, "name")) || blank(text(license, "url"))) {
			problems.add(where + ": POM has no <licenses><license> with name and url");
		}
		Element developers = child(project, "developers");
		Element developer = developers == null ? null : child(developers, "developer");
		if (developer == null || blank(text(developer, "name"))) {
			problems.add(where + ": POM has no <developers><developer> with a name");
		}
		Element scm = child(project, "scm");
		if (scm == null || blank(text(scm, "url")) || blank(text(scm, "connection"))) {
			problems.add(where + ": POM has no <scm> with url and connection");
		}
		else if (text(scm, "url").endsWith("/" + artifactId)) {
			problems.add(where + ": <scm><url> has the artifactId appended by inheritance");
		}
		if (version != null && !version.endsWith("-SNAPSHOT") && version.contains("SNAPSHOT")) {
			problems.add(where + ": odd version " + version);
		}

		List<Path> files = new ArrayList<>();
		Path pom = dir.resolve("pom.xml");
		files.add(pom);
		if (packaging.equals("jar")) {
			Path target = dir.resolve("target");
			String base = artifactId + "-" + version;
			Path jar = target.resolve(base + ".jar");
			Path sources = target.resolve(base + "-sources.jar");
			Path javadoc = target.resolve(base + "-javadoc.jar");
			for (Path p : List.of(jar, sources, javadoc)) {
				if (!Files.isRegularFile(p) || Files.size(p) == 0) {
					problems.add(where + ": missing " + dir.relativize(p));
				}
				else {
					files.add(p);
				}
			}
			if (Files.isRegularFile(jar)) {
				try (JarFile j = new JarFile(jar.toFile())) {
					var manifest = j.getManifest();
					String name = manifest == null ? null
							: manifest.getMainAttributes().getValue("Automatic-Module-Name");
					if (blank(name)) {
						problems.add(where + ": " + jar.getFileName() + " has no Automatic-Module-Name");
					}
				}
			}
			String stamp = properties == null ? null : text(properties, "project.build.outputTimestamp");
			if (blank(stamp)) {
				problems.add(where + ": no project.build.outputTimestamp (archives are not reproducible)");
			}
			else {
				// Each entry's DOS time must be the fixed timestamp: a jar left from a build without it
				// (the jar plugin does not rebuild unchanged content) would carry the build's clock.
				LocalDateTime expected = LocalDateTime.ofInstant(Instant.parse(stamp), ZoneOffset.UTC);
				for (Path p : List.of(jar, sources, javadoc)) {
					if (Files.isRegularFile(p)) {
						try (JarFile j = new JarFile(p.toFile())) {
							j.stream().filter(e -> Duration.between(expected, e.getTimeLocal()).abs().getSeconds() > 2)
									.findFirst()
									.ifPresent(e -> problems.add(where + ": " + p.getFileName() + " entry " + e.getName()
											+ " is dated " + e.getTimeLocal() + ", not the outputTimestamp " + stamp
											+ " (stale archive? build with mvn clean)"));
						}
					}
				}
			}
			if (Files.isRegularFile(sources) && !hasEntry(sources, n -> n.endsWith(".java") || n.startsWith("README"))) {
				problems.add(where + ": " + sources.getFileName() + " has no .java file (nor a README)");
			}
			if (Files.isRegularFile(javadoc) && !hasEntry(javadoc, n -> n.equals("index.html") || n.startsWith("README"))) {
				problems.add(where + ": " + javadoc.getFileName() + " has no index.html (nor a README)");
			}
		}
		else if (!packaging.equals("pom")) {
			problems.add(where + ": packaging " + packaging + " is not handled by this check");
		}
		if (signed) {
			for (Path p : files) {
				Path asc = p.getFileName().toString().equals("pom.xml")
						? dir.resolve("target/" + artifactId + "-" + version + ".pom.asc")
						: p.resolveSibling(p.getFileName() + ".asc");
				if (!Files.isRegularFile(asc)) {
					problems.add(where + ": missing signature " + dir.relativize(asc));
				}
			}
		}
		if (problems.size() == before) {
			System.out.println("check-release: " + artifactId + ": " + packaging + ", POM complete"
					+ (packaging.equals("jar") ? ", jar + sources + javadoc" : "") + (signed ? ", signed" : ""));
		}
		return new Module(dir, groupId, artifactId, version, packaging, true, files);
	}

	/** Central's upload layout: group/artifact/version/ with checksums and any signatures. */
	static void bundle(Path target, List<Module> modules) throws Exception {
		Path root = target.resolve("central-bundle");
		if (Files.exists(root)) {
			try (Stream<Path> walk = Files.walk(root)) {
				for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
		Map<String, Path> entries = new LinkedHashMap<>();
		for (Module m : modules) {
			Path dir = root.resolve(m.groupId().replace('.', '/')).resolve(m.artifactId()).resolve(m.version());
			Files.createDirectories(dir);
			for (Path source : m.files()) {
				String name = source.getFileName().toString().equals("pom.xml")
						? m.artifactId() + "-" + m.version() + ".pom"
						: source.getFileName().toString();
				Path copied = dir.resolve(name);
				Files.copy(source, copied);
				Files.writeString(dir.resolve(name + ".md5"), digest("MD5", copied));
				Files.writeString(dir.resolve(name + ".sha1"), digest("SHA-1", copied));
				Path asc = m.dir().resolve("target").resolve(name + ".asc");
				if (Files.isRegularFile(asc)) {
					Files.copy(asc, dir.resolve(name + ".asc"));
				}
			}
		}
		try (Stream<Path> walk = Files.walk(root)) {
			walk.filter(Files::isRegularFile).sorted().forEach(p -> entries.put(root.relativize(p).toString(), p));
		}
		Path zip = target.resolve("central-bundle.zip");
		try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
			for (var e : entries.entrySet()) {
				z.putNextEntry(new ZipEntry(e.getKey()));
				Files.copy(e.getValue(), z);
				z.closeEntry();
			}
		}
		entries.keySet().forEach(k -> System.out.println("check-release: bundle " + k));
		System.out.println("check-release: bundle laid out in " + root + " and zipped to " + zip);
	}

	static List<String> moduleNames(Path pom) throws Exception {
		Element project = projectOf(parse(pom), null);
		Element modules = child(project, "modules");
		List<String> names = new ArrayList<>();
		if (modules != null) {
			for (Node n = modules.getFirstChild(); n != null; n = n.getNextSibling()) {
				if (n instanceof Element e && e.getTagName().equals("module")) {
					names.add(e.getTextContent().trim());
				}
			}
		}
		return names;
	}

	static Document parse(Path file) throws Exception {
		var factory = DocumentBuilderFactory.newInstance();
		factory.setNamespaceAware(false);
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		// The help plugin writes a second XML declaration into some effective POMs; drop them all.
		String xml = Files.readString(file).replaceAll("<\\?xml[^>]*\\?>", "");
		return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
	}

	/**
	 * The project element with that artifactId (any when null): the execution root's effective POM
	 * holds the whole reactor under a projects element.
	 */
	static Element projectOf(Document doc, String artifactId) {
		Element root = doc.getDocumentElement();
		if (root.getTagName().equals("project")) {
			return artifactId == null || artifactId.equals(text(root, "artifactId")) ? root : null;
		}
		for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && e.getTagName().equals("project")
					&& (artifactId == null || artifactId.equals(text(e, "artifactId")))) {
				return e;
			}
		}
		return null;
	}

	static Element child(Element parent, String name) {
		for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
			if (n instanceof Element e && e.getTagName().equals(name)) {
				return e;
			}
		}
		return null;
	}

	static String text(Element parent, String name) {
		Element e = child(parent, name);
		return e == null ? null : e.getTextContent().trim();
	}

	static boolean blank(String s) {
		return s == null || s.isBlank();
	}

	static boolean hasEntry(Path jar, java.util.function.Predicate<String> test) throws IOException {
		try (JarFile j = new JarFile(jar.toFile())) {
			return j.stream().map(ZipEntry::getName).anyMatch(test);
		}
	}

	static String digest(String algorithm, Path file) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(file)));
	}
}
