package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import ij.IJ;
import ij.ImagePlus;

/**
 * {@code draggan drag} in its own JVM, stopped with SIGINT (Ctrl-C) after a few steps: the frames done
 * so far are written, and it says so.
 */
public class InterruptionTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@Test
	public void aStoppedDragWritesTheFramesDoneSoFar() throws Exception {
		Assume.assumeTrue("needs a POSIX system (kill -INT)", File.separatorChar == '/');
		final Path out = tmp.getRoot().toPath().resolve("drag.tif"), trace = tmp.getRoot().toPath().resolve("trace.json");
		final String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-Dai.djl.offline=true");
		cmd.add("-Dai.djl.pytorch.num_threads=1");
		cmd.add("-cp");
		cmd.add(cp);
		cmd.add(DragGanCli.class.getName());
		for (final String a : new String[] { "drag", "--seed", "3", "--points", "20,20>44,44", "--max-steps", "100000", "--out", out.toString(),
			"--trace", trace.toString() }) cmd.add(a);
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final StringBuilder log = new StringBuilder();
		try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			int steps = 0;
			for (String line; (line = r.readLine()) != null;) {
				log.append(line).append('\n');
				if (line.startsWith("step ") && ++steps == 4) { // Ctrl-C after four steps
					final Object pid = Process.class.getMethod("pid").invoke(p); // Java 9+, as this test's JVM
					new ProcessBuilder("kill", "-INT", pid.toString()).start().waitFor();
				}
			}
		}
		assertTrue("the drag ended: " + log, p.waitFor(120, TimeUnit.SECONDS));
		assertTrue(log.toString(), log.toString().contains("interrupted"));
		assertTrue(log.toString(), Files.isRegularFile(out) && Files.isRegularFile(trace));
		final ImagePlus imp = IJ.openImage(out.toString());
		assertTrue("frames done so far: " + imp.getStackSize() + "\n" + log, imp.getStackSize() >= 4);
		assertEquals("no temporary file is left", 1 + 1, tmp.getRoot().list().length);
	}
}
