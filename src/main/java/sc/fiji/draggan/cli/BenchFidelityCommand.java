package sc.fiji.draggan.cli;

import static sc.fiji.draggan.app.DragOptions.*;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import sc.fiji.draggan.app.DragOptions;
import sc.fiji.draggan.app.FidelityBench;
import sc.fiji.draggan.app.FidelityRow;
import sc.fiji.draggan.app.FidelitySummary;
import sc.fiji.draggan.app.ModelRegistry;
import sc.fiji.draggan.io.AtomicFiles;
import sc.fiji.draggan.progress.Monitor;

/**
 * {@code draggan bench fidelity}: does the content move where the drag says? Runs
 * {@link FidelityBench} (generated pictures, one salient handle each, a target {@code --offset} px
 * away, the default drag) and prints a line per pair and a summary JSON line: tracker and content
 * distances (mean, median, fraction within 2 and 3 px), lags, outside PSNR, steps, seconds
 * (docs/algorithm.md#fidelity-benchmark). {@code --out} writes the rows as CSV.
 */
final class BenchFidelityCommand {

	static String usage() {
		return "bench fidelity [--model MODEL] [--pairs 16] [--offset 6] [--seed 0] [--psi 0.7] [--steps N | " + N_STEPS.usage() + "] " +
			DragCommand.usage(LR, LAMBDA_MASK, R1, R2, FEATURE_BLOCK, SPACE, STOP, DEVICE) + " [--out ROWS.csv]";
	}

	int run(final Options o, final PrintStream out) throws Exception {
		final FidelityBench.Settings s = new FidelityBench.Settings();
		s.model = o.modelOrDefault();
		s.pairs = o.getInt("pairs", s.pairs);
		s.offset = o.getDouble("offset", s.offset);
		s.seed = o.getLong("seed", s.seed);
		s.psi = o.getDouble("psi", s.psi);
		if (o.has("steps") && o.has(N_STEPS.cliOption)) throw new UsageException("give --steps or --" + N_STEPS.cliOption + ", not both");
		s.maxSteps = o.has("steps") ? checked(o.getInt("steps", 0)) : o.get(N_STEPS);
		try {
			s.parameters = DragOptions.parameters(o.get(LR), o.get(LAMBDA_MASK), o.get(R1), o.get(R2), o.get(FEATURE_BLOCK), o.get(SPACE), o.get(STOP));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		s.device = o.get(DEVICE);
		final Path csv = o.path("out");
		o.finish();
		if (s.pairs < 1) throw new UsageException("--pairs must be at least 1, got " + s.pairs);
		if (!(s.offset >= 1 && s.offset <= 1000)) throw new UsageException("--offset must be from 1 to 1000 px, got " + s.offset);
		if (csv != null) {
			if (!csv.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) throw new UsageException("--out must name a .csv file, got " + csv);
			OutputFiles.check(OutputFiles.named("out", csv), OutputFiles.named("model", s.model));
		}
		final long t0 = System.nanoTime();
		final Interruption interruption = Interruption.current();
		final List<FidelityRow> rows;
		try (ModelRegistry registry = new ModelRegistry()) {
			out.println(String.format(Locale.ROOT, "bench fidelity: %s, %d pairs, offset %.1f px, seeds %d-%d, psi %s, lr %s, lambda %s, r1 %s, r2 %s, " +
				"feature block %s, %s, stop rule %s, at most %d steps", s.model.getFileName(), s.pairs, s.offset, s.seed, s.seed + s.pairs - 1, s.psi, s.parameters.effectiveLearningRate(),
				s.parameters.lambdaMask, auto(s.parameters.r1), auto(s.parameters.r2), auto(s.parameters.featureBlock), s.parameters.space, s.parameters.followContent ? "content" : "tracker", s.maxSteps));
			interruption.arm(); // Ctrl-C: stop after the current step, report the pairs done
			rows = new FidelityBench(registry).run(s, new Monitor() {

				@Override
				public boolean isCancelled() {
					return interruption.requested();
				}
			}, r -> out.println(r.line()));
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
		if (csv != null) {
			final StringBuilder b = new StringBuilder(FidelityRow.CSV_HEADER).append('\n');
			for (final FidelityRow r : rows) b.append(r.csv()).append('\n');
			AtomicFiles.write(csv, b.toString().getBytes(StandardCharsets.UTF_8));
		}
		final String head = String.format(Locale.ROOT, "\"bench\": \"fidelity\", \"model\": \"%s\", \"pairs\": %d, \"offset_px\": %s, \"seed\": %d, " +
			"\"psi\": %s, \"max_steps\": %d, \"lr\": %s, ", json(s.model.getFileName().toString()), s.pairs, s.offset, s.seed, s.psi, s.maxSteps,
			s.parameters.effectiveLearningRate());
		out.println(FidelitySummary.json(head, rows, (System.nanoTime() - t0) / 1e9));
		return rows.size() < s.pairs ? 130 : 0;
	}

	private static int checked(final int steps) {
		try {
			return N_STEPS.check(steps);
		}
		catch (final IllegalArgumentException e) {
			throw new UsageException("--steps: " + e.getMessage());
		}
	}

	private static String auto(final Integer v) {
		return v == null ? "auto" : v.toString();
	}

	private static String json(final String s) {
		return s.replace("\\", "\\\\").replace("\"", "\\\"");
	}
}
