package sc.fiji.draggan.cli;

import java.io.PrintStream;

/**
 * One verb of the {@code draggan} command line ({@code info}, {@code generate}, {@code drag}, …).
 * Implementations parse their own options with {@link Options}, print results on {@code out} and
 * signal bad input with {@link UsageException} (one line on stderr, exit status 2) or any other
 * exception (one line on stderr, exit status 1).
 */
public interface Subcommand {

	/** The verb, e.g. {@code generate}. */
	String name();

	/** One-line usage, shown by {@code draggan help}. */
	String usage();

	/** @return the process exit status (0 = success) */
	int run(Options options, PrintStream out) throws Exception;
}
