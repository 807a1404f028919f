package sc.fiji.draggan.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Outputs are checked before any work; bad numbers and JVM errors are one line. */
public class OutputSafetyTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static void assertOneLine(final DragGanCliTest.Run r, final int status, final String part) {
		assertEquals(r.err, status, r.status);
		assertEquals(r.err, 1, r.err.trim().split("\n").length);
		assertTrue(r.err, r.err.contains(part));
	}

	@Test
	public void anOutputThatIsAnInputIsRefusedBeforeWork() throws Exception {
		final Path img = tmp.newFile("x.tif").toPath();
		Files.write(img, new byte[] { 1 });
		assertOneLine(DragGanCliTest.run("drag", "--image", img.toString(), "--points", "1,1>2,2", "--out", img.toString()), 2,
			"also the --image input");
		assertEquals("the input is untouched", 1, Files.size(img));
		final Path npy = tmp.getRoot().toPath().resolve("w.npy");
		assertOneLine(DragGanCliTest.run("invert", "--image", npy.toString(), "--out", npy.toString()), 2, "also the --image input");
		final Path pkl = tmp.newFile("m.safetensors").toPath();
		assertOneLine(DragGanCliTest.run("convert", pkl.toString(), pkl.toString()), 2, "also the --input input");
	}

	@Test
	public void anOutputFolderIsRefusedBeforeWork() throws Exception {
		final Path dir = tmp.newFolder("out.tif").toPath();
		assertOneLine(DragGanCliTest.run("drag", "--seed", "1", "--points", "1,1>2,2", "--out", dir.toString()), 2, "is a folder");
	}

	@Test
	public void nanAndInfinityAreRefusedNamingTheOption() throws Exception {
		final Path out = tmp.getRoot().toPath().resolve("g.png");
		assertOneLine(DragGanCliTest.run("generate", "--seed", "1", "--psi", "NaN", "--out", out.toString()), 2, "--psi expects a finite number");
		assertOneLine(DragGanCliTest.run("generate", "--seed", "1", "--psi", "Infinity", "--out", out.toString()), 2, "--psi");
		assertOneLine(DragGanCliTest.run("drag", "--seed", "1", "--lr", "-Infinity", "--points", "1,1>2,2", "--out", out + ".tif"), 2, "--lr");
		assertTrue(DragGanCliTest.run("generate", "--seed", "1", "--psi", "NaN", "--out", out.toString()).err.contains("draggan help generate"));
	}

	@Test
	public void jvmErrorsAreOneLineInWords() {
		assertTrue(DragGanCli.message(new OutOfMemoryError("Java heap space")).startsWith("out of memory (Java heap space)"));
		assertTrue(DragGanCli.message(new RuntimeException(new StackOverflowError())).contains("nested too deeply"));
		final StringBuilder huge = new StringBuilder();
		for (int i = 0; i < 100_000; i++) huge.append('x');
		assertTrue(DragGanCli.message(new IllegalStateException(huge.toString())).length() <= 400);
	}
}
