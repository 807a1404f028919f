package sc.fiji.draggan.cli;

import java.util.Arrays;
import java.util.List;

/** The registry of {@code draggan} verbs, in the order {@code draggan help} lists them. */
final class Verbs {

	private Verbs() {}

	static List<Subcommand> all() {
		return Arrays.<Subcommand> asList(
			new InfoCommand(),
			new GenerateCommand(),
			new DragCommand(),
			new InvertCommand(),
			new ConvertCommand(),
			new BenchCommand(),
			new DemoCommand(),
			new SynthCommand(),
			new TrainCommand(),
			new EvalCommand(),
			new VersionCommand());
	}
}
