package sc.fiji.draggan.plugin;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.Label;
import java.awt.Panel;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.concurrent.atomic.AtomicBoolean;

import ij.IJ;

/**
 * The small non-modal window of an interactive run (docs/fiji-plugin.md#progress-and-stopping): the
 * run's name, the latest status line and a Stop button, which ends the run the way Esc does (the run
 * keeps what it has done). Never shown in batch or headless runs: {@link #open} then returns a
 * window that does nothing.
 */
final class StopWindow implements AutoCloseable {

	private final AtomicBoolean stopRequested = new AtomicBoolean();
	private final Frame frame;
	private final Label status;

	private StopWindow(final String title, final boolean show) {
		if (!show) {
			frame = null;
			status = null;
			return;
		}
		frame = new Frame(title);
		status = new Label("starting…  (Esc or Stop ends the run, keeping what is done)");
		final Button stop = new Button("Stop");
		stop.addActionListener(e -> requestStop());
		final Panel buttons = new Panel();
		buttons.add(stop);
		frame.setLayout(new BorderLayout(6, 6));
		frame.add(status, BorderLayout.CENTER);
		frame.add(buttons, BorderLayout.SOUTH);
		frame.addWindowListener(new WindowAdapter() {

			@Override
			public void windowClosing(final WindowEvent e) {
				requestStop();
			}
		});
		frame.setSize(460, 110);
		frame.setLocationRelativeTo(IJ.getInstance());
		final Thread later = new Thread(() -> { // quick runs (a generate with the model loaded) end before it would show
			try {
				Thread.sleep(SHOW_AFTER_MS);
			}
			catch (final InterruptedException e) {
				return;
			}
			EventQueue.invokeLater(() -> {
				if (!closed) frame.setVisible(true);
			});
		}, "Drag GAN stop window");
		later.setDaemon(true);
		later.start();
	}

	private static final long SHOW_AFTER_MS = 1000;
	private volatile boolean closed;

	/** A Stop window when dialogs may open (interactive), else an inert one. */
	static StopWindow open(final String title) {
		return new StopWindow(title, CommandSupport.dialogsAllowed());
	}

	/** Whether the window was shown (interactive run). */
	boolean shown() {
		return frame != null;
	}

	boolean stopRequested() {
		return stopRequested.get();
	}

	private void requestStop() {
		if (stopRequested.compareAndSet(false, true) && status != null) EventQueue.invokeLater(() -> status.setText("stopping after the current step…"));
	}

	/** Shows a status line in the window. */
	void status(final String line) {
		if (status != null && !stopRequested.get()) EventQueue.invokeLater(() -> status.setText(line));
	}

	@Override
	public void close() {
		closed = true;
		if (frame != null) EventQueue.invokeLater(frame::dispose);
	}
}
