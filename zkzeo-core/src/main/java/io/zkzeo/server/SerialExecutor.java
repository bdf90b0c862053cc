package io.zkzeo.server;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks given to it one at a time, in submission order, on threads of a shared executor. One
 * instance per connection keeps that connection's calls in order while connections run in parallel.
 */
final class SerialExecutor implements Executor {

	private static final Logger logger = LoggerFactory.getLogger(SerialExecutor.class);

	private final Executor pool;

	private final Queue<Runnable> tasks = new ArrayDeque<>();

	private boolean running;

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		synchronized (this.tasks) {
			this.tasks.add(task);
			if (this.running) {
				return;
			}
			this.running = true;
		}
		schedule();
	}

	/**
	 * Runs a task on the calling thread if nothing else is running or queued, keeping submission order: tasks
	 * submitted meanwhile run after it, on the pool.
	 * @param task the task
	 * @return whether the task ran; if not, the caller should {@link #execute} it
	 */
	boolean runIfIdle(Runnable task) {
		synchronized (this.tasks) {
			if (this.running) {
				return false;
			}
			this.running = true;
		}
		try {
			task.run();
		}
		catch (RuntimeException | Error ex) {
			logger.error("Server task failed", ex);
		}
		synchronized (this.tasks) {
			if (this.tasks.isEmpty()) {
				this.running = false;
				return true;
			}
		}
		schedule();
		return true;
	}

	/** @return how many tasks wait to run, not counting the one running */
	int pending() {
		synchronized (this.tasks) {
			return this.tasks.size();
		}
	}

	private void schedule() {
		try {
			this.pool.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Worker pool refused tasks; running them on the calling thread");
			drain();
		}
	}

	private void drain() {
		while (true) {
			Runnable task;
			synchronized (this.tasks) {
				task = this.tasks.poll();
				if (task == null) {
					this.running = false;
					return;
				}
			}
			try {
				task.run();
			}
			catch (RuntimeException | Error ex) {
				logger.error("Server task failed", ex);
			}
		}
	}

}
