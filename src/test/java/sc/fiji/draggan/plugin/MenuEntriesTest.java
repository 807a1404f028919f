package sc.fiji.draggan.plugin;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

import sc.fiji.draggan.plugin.DragGanTool;

/**
 * One menu entry per command, the same label in Fiji and plain ImageJ: the plugins.config entries
 * (read with imagej-legacy's own pattern, docs/fiji-plugin.md#menu-entries-and-pluginsconfig) and the SciJava commands behind
 * them, which carry {@code no-legacy} so Fiji does not add a second entry.
 */
public class MenuEntriesTest {

	/** imagej-legacy's DefaultLegacyHooks pattern for plugins.config lines. */
	private static final Pattern LINE = Pattern.compile("^\\s*([^,]*),\\s*\"([^\"]*)\",\\s*([^\\s]*(\\(.*\\))?)\\s*");

	static Map<String, String[]> entries() throws Exception {
		final Map<String, String[]> out = new LinkedHashMap<>();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(MenuEntriesTest.class.getResourceAsStream("/plugins.config"),
			StandardCharsets.UTF_8)))
		{
			for (String line; (line = r.readLine()) != null;) {
				if (line.trim().isEmpty() || line.trim().startsWith("#")) continue;
				final Matcher m = LINE.matcher(line);
				assertTrue("malformed plugins.config line: " + line, m.matches());
				final String[] prev = out.put(m.group(2), new String[] { m.group(1), m.group(3) });
				assertEquals("duplicate label " + m.group(2), null, prev);
			}
		}
		return out;
	}

	/**
	 * One plugins.config, at the top of the repository beside pom.xml; the build puts it at the root of
	 * the jar (the class path of the tests is what the jar is made from).
	 */
	@Test
	public void theOnePluginsConfigIsTheTopLevelFileAndOnTheClassPath() throws Exception {
		final java.nio.file.Path top = java.nio.file.Paths.get("plugins.config");
		assertTrue("plugins.config beside pom.xml", java.nio.file.Files.isRegularFile(top));
		assertTrue("no second copy in src/main/resources", !java.nio.file.Files.exists(java.nio.file.Paths.get("src", "main", "resources", "plugins.config")));
		final java.net.URL url = MenuEntriesTest.class.getResource("/plugins.config");
		assertTrue("plugins.config on the class path", url != null);
		final byte[] onClassPath;
		try (java.io.InputStream in = url.openStream()) {
			final java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
			final byte[] buf = new byte[4096];
			for (int n; (n = in.read(buf)) > 0;) b.write(buf, 0, n);
			onClassPath = b.toByteArray();
		}
		assertEquals(new String(java.nio.file.Files.readAllBytes(top), StandardCharsets.UTF_8), new String(onClassPath, StandardCharsets.UTF_8));
		// when a jar was built (mvn package, ./draggan), it has the same file at its root
		final java.io.File[] jars = new java.io.File("target").listFiles((d, n) -> n.matches("Drag_GAN-.*[0-9T]\\.jar"));
		if (jars != null) for (final java.io.File jar : jars) {
			try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar)) {
				assertTrue(jar + " has plugins.config", j.getEntry("plugins.config") != null);
			}
		}
	}

	@Test
	public void pluginsConfigHasTheEntries() throws Exception {
		final Map<String, String[]> e = entries();
		assertEquals(9, e.size());
		assertEquals("sc.fiji.draggan.plugin.MenuEntry(\"options\")", e.get("Drag GAN Options...")[1]);
		assertEquals("Plugins>Drag GAN", e.get("Drag GAN Help")[0]);
		assertEquals("sc.fiji.draggan.plugin.MenuEntry(\"help\")", e.get("Drag GAN Help")[1]);
		assertEquals("File>Open Samples", e.get("Drag GAN cell")[0]);
		assertEquals("sc.fiji.draggan.plugin.MenuEntry(\"sample\")", e.get("Drag GAN cell")[1]);
		assertEquals("Plugins>Drag GAN", e.get("Drag GAN...")[0]);
		assertEquals("sc.fiji.draggan.plugin.MenuEntry(\"drag\")", e.get("Drag GAN...")[1]);
		assertEquals("Plugins>Drag GAN", e.get("Drag GAN Generate...")[0]);
		assertEquals("Plugins>Drag GAN", e.get("Drag GAN Info")[0]);
		assertEquals("Plugins>Drag GAN", e.get("Drag GAN Invert...")[0]);
		assertEquals("sc.fiji.draggan.plugin.MenuEntry(\"invert\")", e.get("Drag GAN Invert...")[1]);
		assertEquals("sc.fiji.draggan.plugin.MenuEntry(\"train\")", e.get("Drag GAN Train...")[1]);
		assertEquals("Plugins>Tools", e.get("Drag GAN Tool")[0]);
		// the tool's name must equal its label: ImageJ restores a tool at start-up by running its name
		assertEquals("Drag GAN Tool", new DragGanTool().getToolName());
		for (final String[] v : e.values()) {
			final String cls = v[1].replaceAll("\\(.*\\)$", "");
			Class.forName(cls); // every class exists
		}
	}

	@Test
	public void sciJavaCommandsMatchTheLabelsAndStayOutOfTheLegacyMenus() throws Exception {
		final Map<String, String[]> e = entries();
		try (Context ctx = new Context(CommandService.class)) {
			final List<CommandInfo> ours = new ArrayList<>();
			for (final CommandInfo ci : ctx.service(CommandService.class).getCommands()) {
				if (ci.getClassName().startsWith("sc.fiji.draggan.")) ours.add(ci);
			}
			assertEquals(6, ours.size());
			final Set<String> labels = new HashSet<>();
			for (final CommandInfo ci : ours) {
				final String leaf = ci.getMenuPath().getLeaf().getName();
				assertTrue(ci.getClassName() + ": " + leaf, e.containsKey(leaf));
				assertEquals("Plugins>Drag GAN", e.get(leaf)[0]);
				assertEquals(leaf, ci.getLabel());
				assertTrue(ci.getClassName() + " must be no-legacy", ci.is("no-legacy"));
				assertTrue(labels.add(leaf));
			}
		}
	}

	@Test
	public void optionsSetTheCpuThreadsOfThisProcess() throws Exception {
		try (Context ctx = new Context(CommandService.class)) {
			final CommandService commands = ctx.service(CommandService.class);
			final String info = (String) commands.run(DragGanOptionsCommand.class, true, "threads", 1).get().getOutput("info");
			assertTrue(info, info.contains("CPU threads: 1"));
			assertEquals(Integer.valueOf(1), sc.fiji.draggan.engine.CpuThreads.requested());
			assertEquals(1, DragGanOptionsCommand.saved());
			commands.run(DragGanOptionsCommand.class, true, "threads", 0).get();
			assertEquals(null, sc.fiji.draggan.engine.CpuThreads.requested());
			assertEquals(0, DragGanOptionsCommand.saved());
		}
	}
}
