package sc.fiji.draggan.plugin;

import java.util.concurrent.Future;

import org.junit.rules.ExternalResource;
import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;


/**
 * Class rule of the command tests: a headless SciJava context (offline DJL) whose
 * {@code CommandService} runs the commands as macros and scripts do; afterwards the context is
 * disposed and the cached models are freed.
 */
final class HeadlessCommands extends ExternalResource {

	private Context context;
	private CommandService service;

	@Override
	protected void before() {
		System.setProperty("java.awt.headless", "true");
		System.setProperty("ai.djl.offline", "true");
		context = new Context(CommandService.class, DragGanService.class);
		service = context.service(CommandService.class);
	}

	@Override
	protected void after() {
		if (context != null) context.dispose();
		context = null;
		service = null;
	}

	/** {@link CommandService#run(Class, boolean, Object...)}. */
	Future<CommandModule> run(final Class<? extends Command> command, final boolean process, final Object... inputs) {
		return service.run(command, process, inputs);
	}
}
