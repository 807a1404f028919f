package sc.fiji.draggan.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import sc.fiji.draggan.engine.CpuThreads;
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
		final Integer threadsBefore = CpuThreads.requested();
		try (Interruption interruption = Interruption.install(verb.name(), err)) { // Ctrl-C: armed verbs stop and write what is done
			final List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
			final Integer threads = takeThreads(rest);
			if (threads != null) {
				CpuThreads.request(threads);
				CpuThreads.adjust();
			}
			final Options options = Options.parse(rest.toArray(new String[0]), java.util.Collections.<String> emptySet());
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
		finally {
			CpuThreads.request(threadsBefore);
		}
	}

	/**
	 * Removes the global option {@code --threads N} (or {@code --threads=N}) from a verb's arguments:
	 * CPU threads for every verb, 0 = automatic (docs/design.md#cpu-threads); null when absent.
	 */
	static Integer takeThreads(final List<String> args) {
		Integer n = null;
		for (int i = 0; i < args.size(); i++) {
			final String a = args.get(i);
			String v = null;
			if (a.equals("--threads")) {
				if (i + 1 >= args.size()) throw new UsageException("--threads expects a number of CPU threads (0 = automatic)");
				v = args.remove(i + 1);
			}
			else if (a.startsWith("--threads=")) v = a.substring("--threads=".length());
			else continue;
			args.remove(i--);
			try {
				n = Integer.parseInt(v.trim());
			}
			catch (final NumberFormatException e) {
				throw new UsageException("--threads expects a whole number of CPU threads (0 = automatic), got '" + Messages.clip(v, 40) + "'");
			}
			if (n < 0) throw new UsageException("--threads must be 0 (automatic) or more, got " + n);
		}
		return n;
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
		out.println("every command that computes takes --threads N: CPU threads (default 0 = the cores other programs leave free;");
		out.println("  also DRAGGAN_THREADS or OMP_NUM_THREADS in the environment)");
	}
}
