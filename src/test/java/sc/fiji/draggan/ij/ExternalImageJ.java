package sc.fiji.draggan.ij;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Test helper: runs real ImageJ 1.x ({@code ij.ImageJ}) in a separate JVM with the plugin installed
 * as a plain ImageJ user has it — a {@code Drag_GAN.jar} with our {@code plugins.config} in its
 * plugins folder — and the test class path. ImageJ 1.x needs a display even with {@code -batch} (its
 * menus are AWT): the environment's {@code DISPLAY}, else a private Xvfb started here; without
 * either, the calling test is skipped.
 */
public final class ExternalImageJ {

	private ExternalImageJ() {}

	private static Process xvfb;
	private static String display;

	/** The display for child processes; skips the test when there is none and no Xvfb to start. */
	public static synchronized String display() throws IOException, InterruptedException {
		if (display != null) return display;
		final String env = System.getenv("DISPLAY");
		if (env != null && !env.isEmpty()) return display = env;
		final String xvfbPath = which("Xvfb");
		assumeTrue("no DISPLAY and no Xvfb: GUI/ImageJ tests skipped (CI installs xvfb)", xvfbPath != null);
		for (int n = 91; n < 140; n++) {
			if (new File("/tmp/.X11-unix/X" + n).exists() || new File("/tmp/.X" + n + "-lock").exists()) continue;
			final Process p = new ProcessBuilder(xvfbPath, ":" + n, "-screen", "0", "1280x1024x24", "-nolisten", "tcp").redirectErrorStream(true)
				.redirectOutput(new File("/dev/null")).start();
			for (int i = 0; i < 100 && p.isAlive(); i++) {
				if (new File("/tmp/.X11-unix/X" + n).exists()) {
					xvfb = p;
					Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
					return display = ":" + n;
				}
				Thread.sleep(100);
			}
			p.destroy();
		}
		assumeTrue("could not start Xvfb", false);
		return null;
	}

	/** Stops the Xvfb started here, if any. */
	public static synchronized void stopDisplay() {
		if (xvfb != null) xvfb.destroy();
		xvfb = null;
		display = null;
	}

	/** The result of a run: exit code and everything it printed. */
	public static final class Result {
		public final int exitCode;
		public final String output;
		public final boolean timedOut;

		Result(final int exitCode, final String output, final boolean timedOut) {
			this.exitCode = exitCode;
			this.output = output;
			this.timedOut = timedOut;
		}

		@Override
		public String toString() {
			return "exit " + exitCode + (timedOut ? " (timed out)" : "") + ":\n" + output;
		}
	}

	/** An ImageJ home with {@code plugins/Drag_GAN.jar} holding our plugins.config (classes come from the class path). */
	public static Path imagejHome(final Path dir) throws IOException {
		final Path plugins = Files.createDirectories(dir.resolve("plugins"));
		try (InputStream in = ExternalImageJ.class.getResourceAsStream("/plugins.config");
			ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(plugins.resolve("Drag_GAN.jar"))))
		{
			if (in == null) throw new IOException("plugins.config is not on the class path");
			zip.putNextEntry(new ZipEntry("plugins.config"));
			final byte[] buf = new byte[8192];
			for (int n; (n = in.read(buf)) > 0;) zip.write(buf, 0, n);
			zip.closeEntry();
		}
		return dir;
	}

	/** Runs {@code java … ij.ImageJ -ijpath home args…}, or {@code mainClass args…} when given. */
	public static Result run(final Path home, final String mainClass, final long timeoutSeconds, final String... args) throws IOException,
		InterruptedException
	{
		return run(home, java.util.Collections.<String> emptyList(), mainClass, timeoutSeconds, args);
	}

	/** As {@link #run(Path, String, long, String...)}, with more JVM options (e.g. {@code -Djava.io.tmpdir=…}). */
	public static Result run(final Path home, final List<String> jvmOptions, final String mainClass, final long timeoutSeconds, final String... args)
		throws IOException, InterruptedException
	{
		final List<String> cmd = new ArrayList<>();
		cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
		cmd.add("-cp");
		cmd.add(classPath());
		cmd.add("-Dai.djl.offline=true");
		cmd.add("-Dplugins.dir=" + home);
		cmd.add("-Duser.home=" + home.resolve("home"));
		cmd.add("-Xmx2g");
		cmd.addAll(jvmOptions);
		if (mainClass == null) {
			cmd.add("ij.ImageJ");
			cmd.add("-ijpath");
			cmd.add(home.toString());
		}
		else cmd.add(mainClass);
		cmd.addAll(Arrays.asList(args));
		final ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
		pb.environment().put("DISPLAY", display());
		// share the unpacked DJL natives of the test JVM's user instead of extracting 450 MB again
		if (System.getenv("DJL_CACHE_DIR") == null) pb.environment().put("DJL_CACHE_DIR", Paths.get(System.getProperty("user.home"), ".djl.ai").toString());
		final Path log = home.resolve("output.txt");
		pb.redirectOutput(log.toFile());
		final Process p = pb.start();
		final boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
		if (!done) {
			p.destroyForcibly();
			p.waitFor(10, TimeUnit.SECONDS);
		}
		final String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
		return new Result(done ? p.exitValue() : -1, out, !done);
	}

	/** The test JVM's class path (surefire may hide it in a manifest-only jar). */
	static String classPath() {
		final String s = System.getProperty("surefire.test.class.path");
		return s != null && !s.isEmpty() ? s : System.getProperty("java.class.path");
	}

	static String which(final String program) {
		final String path = System.getenv("PATH");
		if (path == null) return null;
		for (final String d : path.split(File.pathSeparator)) {
			final File f = new File(d, program);
			if (f.canExecute()) return f.getPath();
		}
		return null;
	}

	/** Writes text to a file (for macros). */
	public static Path write(final Path file, final String text) throws IOException {
		try (OutputStream o = Files.newOutputStream(file)) {
			o.write(text.getBytes(StandardCharsets.UTF_8));
		}
		return file;
	}
}
