package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.draggan.io.Messages;

/**
 * Entry point of the {@code draggan} command line. Each verb is one {@link Subcommand}; bad input
 * gives one line on stderr and a non-zero exit status (2 for usage errors, 1 for failures), never
 * a bare stack trace ({@code DRAGGAN_DEBUG=1} adds it).
 */
public final class DragGanCli {

	private final Map<String, Subcommand> verbs = new LinkedHashMap<>();

	public DragGanCli() {
		for (final Subcommand s : Verbs.all()) verbs.put(s.name(), s);
	}

	public static void main(final String[] args) {
		final int status = new DragGanCli().run(args, System.out, System.err);
		System.out.flush();
		System.exit(status);
	}

	/** Runs one command line; returns the exit status. */
	public int run(final String[] args, final PrintStream out, final PrintStream err) {
		if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0]) || "-h".equals(args[0])) {
			if (args.length > 1 && verbs.containsKey(args[1])) {
				out.println("usage: " + verbs.get(args[1]).usage());
				return 0;
			}
			printHelp(out);
			return args.length == 0 ? 2 : 0;
		}
		final Subcommand verb = verbs.get(args[0]);
		if (verb == null) {
			err.println("draggan: unknown command '" + args[0] + "' (try: draggan help)");
			return 2;
		}
		try (Interruption interruption = Interruption.install(verb.name(), err)) { // Ctrl-C: armed verbs stop and write what is done
			final Options options = Options.parse(Arrays.copyOfRange(args, 1, args.length), java.util.Collections.<String> emptySet());
			return verb.run(options, out);
		}
		catch (final UsageException e) {
			err.println("draggan " + verb.name() + ": " + Messages.clip(e.getMessage(), 400) + " (see: draggan help " + verb.name() + ")");
			return 2;
		}
		catch (final Throwable e) { // everything, errors included: one line, and the JVM stays usable for the caller
			err.println("draggan " + verb.name() + ": " + message(e));
			if (System.getenv("DRAGGAN_DEBUG") != null) e.printStackTrace(err);
			return 1;
		}
	}

	/** The one line printed for a failure. */
	static String message(final Throwable e) {
		return Messages.failure(e);
	}

	private void printHelp(final PrintStream out) {
		out.println("Drag GAN for Fiji: DragGAN on StyleGAN2 checkpoints, on DJL (PyTorch engine).");
		out.println("commands:");
		for (final Subcommand s : verbs.values()) out.println("  " + s.usage());
		out.println("  imagej [ImageJ arguments]   start ImageJ 1.x with the plugin installed");
	}
}
