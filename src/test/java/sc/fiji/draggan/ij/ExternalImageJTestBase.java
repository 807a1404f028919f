package sc.fiji.draggan.ij;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.AfterClass;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * Base of the tests that run real ImageJ 1.x in its own JVM ({@link ExternalImageJ}): a fresh
 * ImageJ home per test in a temporary folder, the display it needs (the private Xvfb is stopped
 * after the class), batch macros, and checks on what the run printed.
 */
public abstract class ExternalImageJTestBase {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	@AfterClass
	public static void stopDisplay() {
		ExternalImageJ.stopDisplay();
	}

	/** A new ImageJ home with the plugin installed; skips the test when there is no display. */
	protected Path imagejHome() throws IOException, InterruptedException {
		ExternalImageJ.display();
		return ExternalImageJ.imagejHome(tmp.newFolder("ij").toPath());
	}

	/**
	 * Writes {@code macro} to {@code home/fileName} and runs {@code ImageJ -batch file args…}; fails
	 * when the run times out.
	 */
	protected static ExternalImageJ.Result runBatchMacro(final Path home, final String fileName, final String macro, final long timeoutSeconds,
		final String... args) throws IOException, InterruptedException
	{
		final Path file = ExternalImageJ.write(home.resolve(fileName), macro);
		final String[] all = new String[args.length + 2];
		all[0] = "-batch";
		all[1] = file.toString();
		System.arraycopy(args, 0, all, 2, args.length);
		final ExternalImageJ.Result r = ExternalImageJ.run(home, null, timeoutSeconds, all);
		assertFalse(r.toString(), r.timedOut);
		return r;
	}

	/** Each part occurs in {@code output} (a failure names the part and shows the whole output). */
	protected static void assertContainsAll(final String output, final String... parts) {
		for (final String p : parts) assertTrue("no '" + p + "' in:\n" + output, output.contains(p));
	}
}
