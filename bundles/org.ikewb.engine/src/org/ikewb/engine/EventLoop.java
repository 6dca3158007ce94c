package org.ikewb.engine;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The engine's event loop: one thread that reads the UDP sockets itself, runs every IKE SA, their
 * timers and what other threads hand it.
 * <p>
 * Why not a reading thread per socket handing each datagram to an executor: on loopback, and on a
 * virtual machine above all, each hand-off is a thread wake-up, and a hybrid handshake is six
 * datagrams or more per side — the wake-ups cost more CPU than the protocol code around the crypto
 * (issue #19's profile). Here a datagram costs a wake-up only when the loop was idle; while it is
 * busy, datagrams wait in the socket's buffer and are read between two pieces of work.
 * <p>
 * Each turn reads what the sockets hold (bounded, into the engine's fair inbound queue), handles
 * a few received datagrams in the queue's order, runs the tasks handed in and the timers that are due; when none of that
 * found work, the loop sleeps in the selector until a datagram, a task or the next timer.
 */
final class EventLoop implements Executor {

	/** The loop's input and output: reading the sockets and handling what was read. */
	interface Io {
		/** Reads what the sockets hold, without blocking, at most {@code max} datagrams. */
		void read(int max);

		/** Handles one datagram read before, if one waits; whether one did. */
		boolean handleOne();
	}

	/**
	 * A timer: runs its task on the loop once its delay has passed. Cancelled (on the loop, as the
	 * protocol code does), it leaves the heap at once, with what its task holds — a flood of
	 * half-open IKE SAs must not leave its timeouts' closures behind.
	 */
	static final class Timer {
		private final EventLoop loop;
		private final long deadline;
		/** Order among timers of one deadline: the first scheduled runs first. */
		private long sequence;
		private Runnable task;
		/** Index in the heap; -1 when not in it (ran or cancelled). */
		private int index = -1;

		private Timer(EventLoop loop, long deadline, Runnable task) {
			this.loop = loop;
			this.deadline = deadline;
			this.task = task;
		}

		/** Stops the timer if it has not run; from the loop, or handed to it from elsewhere. */
		void cancel() {
			if (Thread.currentThread() == loop.thread) {
				loop.remove(this);
			} else {
				try {
					loop.execute(() -> loop.remove(this));
				} catch (RejectedExecutionException e) {
					// the loop is closed: the timer will never run anyway
				}
			}
		}

		private boolean before(Timer other) {
			long d = deadline - other.deadline;
			return d < 0 || d == 0 && sequence < other.sequence;
		}
	}

	/**
	 * Datagrams read per turn at most (a flood cannot keep the loop reading for ever), and handled.
	 * Reading comes first and goes far: what the kernel drops when the socket's buffer is full, it
	 * drops blindly, a legitimate initiator's messages with a flood's; what the loop has read, the
	 * fair inbound queue sorts (existing IKE SAs first, one new request per source in turn) before
	 * anything is handled. Reading costs a few microseconds, handling an IKE_SA_INIT ten or more.
	 */
	private static final int READ_PER_TURN = 512;
	private static final int HANDLED_PER_TURN = 8;
	/** Tasks run per turn at most, so datagrams and timers get their turn between. */
	private static final int TASKS_PER_TURN = 64;

	private final Selector selector;
	private final Thread thread;
	private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
	/** True while the loop is (about to be) blocked in the selector: whoever hands it a task wakes it. */
	private final AtomicBoolean sleeping = new AtomicBoolean();
	private final Consumer<Throwable> problem;
	private volatile boolean closed;
	private Io io;
	private Runnable onExit = () -> {
	};
	// the timers' binary heap, touched on the loop only
	private Timer[] heap = new Timer[64];
	private int size;
	private long sequence;

	/**
	 * @param problem told of what a task, timer or read threw; the loop goes on
	 */
	EventLoop(String name, Selector selector, Consumer<Throwable> problem) {
		this.selector = selector;
		this.problem = problem;
		this.thread = UdpTransport.daemon(this::run, name);
	}

	/** Starts the thread; {@code onExit} runs on it when the loop ends (closing what the selector watches). */
	void start(Io io, Runnable onExit) {
		this.io = io;
		this.onExit = onExit;
		thread.start();
	}

	boolean inLoop() {
		return Thread.currentThread() == thread;
	}

	@Override
	public void execute(Runnable task) {
		if (closed) {
			throw new RejectedExecutionException("the engine is closed");
		}
		tasks.add(task);
		if (Thread.currentThread() != thread && sleeping.compareAndSet(true, false)) {
			selector.wakeup();
		}
	}

	/** Runs {@code task} on the loop; its result or exception through the future. */
	<T> Future<T> submit(Callable<T> task) {
		FutureTask<T> future = new FutureTask<>(task);
		execute(future);
		return future;
	}

	/** Runs {@code task} on the loop after {@code millis}; from any thread. */
	Timer schedule(Runnable task, long millis) {
		Timer timer = new Timer(this, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis)),
				task);
		if (inLoop()) {
			add(timer);
		} else {
			execute(() -> add(timer));
		}
		return timer;
	}

	/** Runs {@code task} every {@code millis}, the first time after {@code millis}. */
	void repeat(Runnable task, long millis) {
		schedule(new Runnable() {
			@Override
			public void run() {
				try {
					task.run();
				} finally {
					if (!closed) {
						schedule(this, millis);
					}
				}
			}
		}, millis);
	}

	/** Stops the loop; what waits is dropped. The thread ends after the task it runs (if any). */
	void close() {
		closed = true;
		selector.wakeup();
	}

	/** Waits for the thread to end (not when called on it). */
	void awaitTermination(long millis) throws InterruptedException {
		if (!inLoop()) {
			thread.join(millis);
		}
	}

	// ------------------------------------------------------------------ the loop

	private void run() {
		try {
			while (!closed) {
				guarded(() -> io.read(READ_PER_TURN)); // what it read counts as work once handled
				boolean worked = handle();
				worked |= runTasks();
				worked |= runTimers();
				if (!worked && !closed) {
					sleep();
				}
			}
		} finally {
			for (Runnable task; (task = tasks.poll()) != null;) {
				if (task instanceof Future<?> waitedFor) {
					waitedFor.cancel(false); // whoever waits on it learns at once
				}
			}
			while (size > 0) {
				remove(heap[0]);
			}
			try {
				selector.close();
			} catch (IOException e) {
				// closing anyway
			}
			onExit.run();
		}
	}

	private boolean handle() {
		int handled = 0;
		try {
			while (handled < HANDLED_PER_TURN && !closed && io.handleOne()) {
				handled++;
			}
		} catch (RuntimeException | Error e) {
			problem.accept(e);
			return true;
		}
		return handled > 0;
	}

	/** Runs {@code r}; what it throws is reported, and the loop goes on. */
	private void guarded(Runnable r) {
		try {
			r.run();
		} catch (RuntimeException | Error e) {
			problem.accept(e);
		}
	}

	private boolean runTasks() {
		int ran = 0;
		Runnable task;
		while (ran < TASKS_PER_TURN && !closed && (task = tasks.poll()) != null) {
			ran++;
			guarded(task);
		}
		return ran > 0;
	}

	private boolean runTimers() {
		long now = System.nanoTime();
		int ran = 0;
		while (size > 0 && heap[0].deadline - now <= 0 && ran < TASKS_PER_TURN && !closed) {
			Timer due = heap[0];
			Runnable task = due.task;
			remove(due);
			ran++;
			guarded(task);
		}
		return ran > 0;
	}

	private void sleep() {
		long millis = 0; // no timer: until a datagram or a task
		if (size > 0) {
			long nanos = heap[0].deadline - System.nanoTime();
			if (nanos <= 0) {
				return;
			}
			millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999));
		}
		sleeping.set(true);
		try {
			if (!tasks.isEmpty() || closed) {
				return; // handed in between the last turn and now
			}
			selector.select(millis);
		} catch (IOException e) {
			problem.accept(e);
		} finally {
			sleeping.set(false);
			selector.selectedKeys().clear();
		}
	}

	// ------------------------------------------------------------------ the timers' heap

	private void add(Timer timer) {
		if (closed || timer.task == null) {
			return;
		}
		if (size == heap.length) {
			heap = java.util.Arrays.copyOf(heap, size * 2);
		}
		timer.sequence = sequence++;
		timer.index = size;
		heap[size++] = timer;
		up(timer.index);
	}

	/** Takes a timer out of the heap (ran or cancelled), and its task with it. */
	private void remove(Timer timer) {
		int i = timer.index;
		timer.task = null;
		if (i < 0) {
			return;
		}
		timer.index = -1;
		Timer last = heap[--size];
		heap[size] = null;
		if (i < size) {
			heap[i] = last;
			last.index = i;
			up(i);
			down(last.index);
		}
		if (heap.length > 64 && size < heap.length / 4) {
			heap = java.util.Arrays.copyOf(heap, heap.length / 2);
		}
	}

	private void up(int i) {
		Timer t = heap[i];
		while (i > 0) {
			int parent = (i - 1) >>> 1;
			if (!t.before(heap[parent])) {
				break;
			}
			heap[i] = heap[parent];
			heap[i].index = i;
			i = parent;
		}
		heap[i] = t;
		t.index = i;
	}

	private void down(int i) {
		Timer t = heap[i];
		int half = size >>> 1;
		while (i < half) {
			int child = 2 * i + 1;
			if (child + 1 < size && heap[child + 1].before(heap[child])) {
				child++;
			}
			if (!heap[child].before(t)) {
				break;
			}
			heap[i] = heap[child];
			heap[i].index = i;
			i = child;
		}
		heap[i] = t;
		t.index = i;
	}
}
