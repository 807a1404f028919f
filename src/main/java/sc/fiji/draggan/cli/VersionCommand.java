package sc.fiji.draggan.cli;

import java.io.PrintStream;

import sc.fiji.draggan.engine.Djl;

/** {@code draggan version}: plugin version and the DJL engine it runs on. */
final class VersionCommand implements Subcommand {

	@Override
	public String name() {
		return "version";
	}

	@Override
	public String usage() {
		return "version                     plugin, engine and device information";
	}

	@Override
	public int run(final Options options, final PrintStream out) {
		options.finish();
		final Package p = VersionCommand.class.getPackage();
		out.println("Drag GAN for Fiji " + (p.getImplementationVersion() != null ? p.getImplementationVersion() : "(development build)"));
		out.println(Djl.describe());
		return 0;
	}
}
