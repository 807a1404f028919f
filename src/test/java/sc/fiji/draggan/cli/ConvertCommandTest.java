package sc.fiji.draggan.cli;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.draggan.Fixtures;
import sc.fiji.draggan.checkpoint.Checkpoint;
import sc.fiji.draggan.checkpoint.ModelLoader;

public class ConvertCommandTest {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	private static String run(final String... args) throws Exception {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		final PrintStream out = new PrintStream(bytes, true, "UTF-8");
		assertEquals(0, new ConvertCommand().run(Options.parse(args), out));
		return bytes.toString("UTF-8");
	}

	@Test
	public void convertsPickleThenBundleToBundle() throws Exception {
		final Path pkl = Fixtures.dir("stylegan2/gray").resolve("stylegan2-gray-64x64.pkl");
		final Path a = tmp.getRoot().toPath().resolve("a.safetensors"), b = tmp.getRoot().toPath().resolve("b.safetensors");
		final String line = run(pkl.toString(), a.toString());
		assertTrue(line, line.startsWith("wrote " + a + ": 64x64 generator with 1 channel(s)"));
		assertEquals("one line", 1, line.split("\n").length);
		final Checkpoint c = ModelLoader.load(a);
		assertEquals(ModelLoader.load(pkl).generatorConfig().toJson(), c.generatorConfig().toJson());
		run(a.toString(), b.toString());
		assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
	}

	@Test
	public void badArgumentsAreUsageErrors() throws Exception {
		for (final String[] args : new String[][] { {}, { "in.pkl" }, { "in.pkl", "out.pkl" }, { "a", "b.safetensors", "c" },
			{ "a", "b.safetensors", "--force" } })
		{
			try {
				run(args);
				fail("accepted " + Arrays.toString(args));
			}
			catch (final UsageException e) {
				assertTrue(e.getMessage(), !e.getMessage().isEmpty());
			}
		}
	}
}
