package org.protoface.distributed;

import java.util.Map;

/**
 * Where this process sits in a training job: its rank, the world size, its rank on this host and
 * the rendezvous address (rank 0's host and the port its TCPStore listens on). Read from the
 * environment a launcher sets:
 * <ul>
 *   <li>torchrun (and {@link LocalLauncher}): {@code RANK}, {@code WORLD_SIZE}, {@code LOCAL_RANK},
 *       {@code MASTER_ADDR}, {@code MASTER_PORT};</li>
 *   <li>SLURM ({@code srun}): {@code SLURM_PROCID}, {@code SLURM_NTASKS}, {@code SLURM_LOCALID};
 *       the master is {@code MASTER_ADDR} if set, else the first host of {@code SLURM_JOB_NODELIST}
 *       (where SLURM starts task 0); the port is {@code MASTER_PORT} if set, else
 *       15000 + the last four digits of {@code SLURM_JOB_ID}, so two jobs sharing a node do not
 *       collide;</li>
 *   <li>neither: a single process (rank 0 of 1).</li>
 * </ul>
 * torchrun's variables win when both are present (torchrun started inside a SLURM allocation).
 *
 * <p>Under torchrun's static rendezvous (its default) the agent already hosts a TCPStore at
 * {@code MASTER_ADDR:MASTER_PORT} and says so with {@code TORCHELASTIC_USE_AGENT_STORE=True};
 * every rank, rank 0 included, then connects to it as a client and keeps its keys under
 * {@code /worker/attempt_<TORCHELASTIC_RESTART_COUNT>}, as PyTorch's own workers do (a restarted
 * worker group starts with fresh keys). That prefix is {@code storePrefix}; null means rank 0
 * hosts the store itself.
 *
 * <p>{@code localWorldSize} is the number of ranks on this host ({@code LOCAL_WORLD_SIZE}, or
 * {@code SLURM_NTASKS_PER_NODE} when it is a plain number; 1 when unknown); it divides the cores
 * among the ranks when {@code train.threads} is 0 ({@link #threadsPerRank}).
 *
 * @param source      "torchrun", "--nproc" (ProtoFace's own launcher, which sets torchrun's variables), "slurm" or "single"
 * @param storePrefix key prefix in the torchrun agent's store ({@code /worker/attempt_<n>}), or
 *                    null when rank 0 hosts the store
 */
public record RankEnv(int rank, int worldSize, int localRank, int localWorldSize, String masterAddr, int masterPort,
                      String source, String storePrefix) {
    public static final int DEFAULT_SLURM_PORT_BASE = 15000;

    /** A job whose rank 0 hosts the store (no torchrun agent store). */
    public RankEnv(int rank, int worldSize, int localRank, int localWorldSize, String masterAddr, int masterPort, String source) {
        this(rank, worldSize, localRank, localWorldSize, masterAddr, masterPort, source, null);
    }

    public RankEnv {
        if (worldSize < 1) throw new IllegalArgumentException("world size must be >= 1, got " + worldSize);
        if (rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " is outside the world of " + worldSize + " ranks (0.." + (worldSize - 1) + ")");
        }
        if (localRank < 0) throw new IllegalArgumentException("local rank must be >= 0, got " + localRank);
        if (localWorldSize < 1) throw new IllegalArgumentException("local world size must be >= 1, got " + localWorldSize);
        if (masterPort < 1 || masterPort > 65535) throw new IllegalArgumentException("master port must be in 1..65535, got " + masterPort);
    }

    /** Rank 0 of 1 on this host (no store is needed, but the fields stay valid). */
    public static RankEnv single() {
        return new RankEnv(0, 1, 0, 1, "127.0.0.1", 29500, "single");
    }

    /**
     * Reads this rank's environment from the process environment; see {@link #fromEnvironment(Map)}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static RankEnv fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * @throws IllegalArgumentException naming the variable that is missing or malformed and what
     *                                  it must hold
     */
    public static RankEnv fromEnvironment(Map<String, String> env) {
        if (env.containsKey("RANK") || env.containsKey("WORLD_SIZE")) return torchrun(env);
        if (env.containsKey("SLURM_PROCID")) return slurm(env);
        return single();
    }

    /** Whether the job has more than one rank. */
    public boolean isDistributed() {
        return worldSize > 1;
    }

    /** Whether the store already runs (torchrun's agent hosts it): every rank, rank 0 included, is a client. */
    public boolean usesAgentStore() {
        return storePrefix != null;
    }

    /** Whether this is rank 0 (the rank that writes shared files and logs). */
    public boolean isRankZero() {
        return rank == 0;
    }

    /**
     * libtorch threads for this rank: {@code configured} when > 0 ({@code train.threads} is per
     * rank), else this host's cores shared evenly among its ranks (at least 1).
     */
    public int threadsPerRank(int configured, int cores) {
        if (configured > 0) return configured;
        return Math.max(1, cores / localWorldSize);
    }

    private static RankEnv torchrun(Map<String, String> env) {
        int world = integer(env, "WORLD_SIZE", 1, Integer.MAX_VALUE);
        int rank = integer(env, "RANK", 0, Integer.MAX_VALUE);
        if (rank >= world) throw new IllegalArgumentException("RANK=" + rank + " but WORLD_SIZE=" + world + ": RANK must be in 0.." + (world - 1));
        int local = env.containsKey("LOCAL_RANK") ? integer(env, "LOCAL_RANK", 0, Integer.MAX_VALUE) : 0;
        String addr = required(env, "MASTER_ADDR", "the host name or address of rank 0");
        int port = integer(env, "MASTER_PORT", 1, 65535);
        int localWorld = env.containsKey("LOCAL_WORLD_SIZE") ? integer(env, "LOCAL_WORLD_SIZE", 1, Integer.MAX_VALUE) : 1;
        // ProtoFace's own launcher (--nproc) sets torchrun's variables too, and marks its ranks
        String source = "1".equals(env.get("PROTOFACE_LAUNCHER")) ? "--nproc" : "torchrun";
        return new RankEnv(rank, world, local, localWorld, addr, port, source, agentStorePrefix(env));
    }

    /**
     * The key prefix PyTorch's workers use in the torchrun agent's store
     * ({@code torch.distributed.rendezvous._create_c10d_store}), or null when the agent does not
     * offer its store ({@code TORCHELASTIC_USE_AGENT_STORE} is not "True": the c10d rendezvous of
     * {@code --standalone} or {@code --rdzv_backend c10d}, where rank 0 hosts the store).
     */
    private static String agentStorePrefix(Map<String, String> env) {
        if (!"True".equals(env.get("TORCHELASTIC_USE_AGENT_STORE"))) return null;
        int attempt = integer(env, "TORCHELASTIC_RESTART_COUNT", 0, Integer.MAX_VALUE);
        return "/worker/attempt_" + attempt;
    }

    private static RankEnv slurm(Map<String, String> env) {
        int world = integer(env, "SLURM_NTASKS", 1, Integer.MAX_VALUE);
        int rank = integer(env, "SLURM_PROCID", 0, Integer.MAX_VALUE);
        if (rank >= world) {
            throw new IllegalArgumentException("SLURM_PROCID=" + rank + " but SLURM_NTASKS=" + world + ": SLURM_PROCID must be in 0.." + (world - 1));
        }
        int local = env.containsKey("SLURM_LOCALID") ? integer(env, "SLURM_LOCALID", 0, Integer.MAX_VALUE) : 0;
        String addr = env.get("MASTER_ADDR");
        if (addr == null || addr.isBlank()) {
            // SLURM_NODELIST is the older name of the same list
            String list = !env.containsKey("SLURM_JOB_NODELIST") && env.containsKey("SLURM_NODELIST") ? "SLURM_NODELIST" : "SLURM_JOB_NODELIST";
            addr = SlurmNodeList.first(required(env, list, "SLURM's list of the job's hosts (or set MASTER_ADDR)"));
        }
        int port;
        if (env.containsKey("MASTER_PORT")) {
            port = integer(env, "MASTER_PORT", 1, 65535);
        } else {
            String job = required(env, "SLURM_JOB_ID", "SLURM's job id (or set MASTER_PORT)");
            if (!job.matches("\\d+")) throw new IllegalArgumentException("SLURM_JOB_ID must be a number, got '" + job + "' (or set MASTER_PORT)");
            String last4 = job.substring(Math.max(0, job.length() - 4));
            port = DEFAULT_SLURM_PORT_BASE + Integer.parseInt(last4);
        }
        // SLURM_NTASKS_PER_NODE is only a plain number when every node runs the same count
        String perNode = env.getOrDefault("SLURM_NTASKS_PER_NODE", "");
        int localWorld = perNode.matches("\\d{1,6}") && Integer.parseInt(perNode) > 0 ? Integer.parseInt(perNode) : 1;
        return new RankEnv(rank, world, local, localWorld, addr.trim(), port, "slurm");
    }

    private static String required(Map<String, String> env, String name, String what) {
        String v = env.get(name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException(name + " is not set: it must hold " + what);
        return v.trim();
    }

    private static int integer(Map<String, String> env, String name, int min, int max) {
        String v = required(env, name, "an integer in " + min + ".." + max);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + v + "' must be an integer in " + min + ".." + (max == Integer.MAX_VALUE ? "2^31-1" : max));
        }
    }
}
