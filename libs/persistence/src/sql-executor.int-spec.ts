import { createTestDatabase, type TestDatabase } from '@nce/testing';
import { UnitOfWork } from './sql-executor';

describe('UnitOfWork.pipelined (real MySQL)', () => {
  let db: TestDatabase;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    db = await createTestDatabase('pipelined');
    unitOfWork = new UnitOfWork(db.dataSource);
    await db.dataSource.query('CREATE TABLE pipe (id INT PRIMARY KEY, v VARCHAR(20) NOT NULL)');
    await db.dataSource.query('CREATE TABLE pipe_counter (id INT PRIMARY KEY, n INT NOT NULL)');
  });

  afterAll(async () => {
    await db?.drop();
  });

  const rows = async (): Promise<Array<{ id: number; v: string }>> => db.dataSource.query('SELECT id, v FROM pipe ORDER BY id');

  beforeEach(async () => {
    await db.dataSource.query('DELETE FROM pipe');
    await db.dataSource.query("INSERT INTO pipe VALUES (1, 'one'), (2, 'two')");
  });

  it('reads see the writes held back before them, and everything commits together', async () => {
    const seen = await unitOfWork.pipelined(async (tx) => {
      const [locked] = await tx.query<Array<{ v: string }>>('SELECT v FROM pipe WHERE id = ? FOR UPDATE', [1]);
      await tx.query('UPDATE pipe SET v = ? WHERE id = ?', [`${locked.v}!`, 1]);
      await tx.query('INSERT INTO pipe VALUES (?, ?)', [3, 'three']);
      const [both, count] = await tx.query<[Array<{ v: string }>, Array<{ n: number }>]>(
        'SELECT v FROM pipe WHERE id = ?; SELECT COUNT(*) AS n FROM pipe',
        [1],
      );
      await tx.query('DELETE FROM pipe WHERE id = ?', [2]);
      return { v: both[0].v, n: Number(count[0].n) };
    });
    expect(seen).toEqual({ v: 'one!', n: 3 });
    expect(await rows()).toEqual([
      { id: 1, v: 'one!' },
      { id: 3, v: 'three' },
    ]);
  });

  it('a failing held-back write rolls back everything before it and throws', async () => {
    await expect(
      unitOfWork.pipelined(async (tx) => {
        await tx.query('SELECT v FROM pipe WHERE id = 1 FOR UPDATE');
        await tx.query("UPDATE pipe SET v = 'changed' WHERE id = 1");
        await tx.query("INSERT INTO pipe VALUES (2, 'duplicate')");
      }),
    ).rejects.toThrow(/Duplicate entry/);
    expect(await rows()).toEqual([
      { id: 1, v: 'one' },
      { id: 2, v: 'two' },
    ]);
  });

  it('an error thrown by the work after a read rolls back and releases the lock', async () => {
    await expect(
      unitOfWork.pipelined(async (tx) => {
        await tx.query('SELECT v FROM pipe WHERE id = 1 FOR UPDATE');
        await tx.query("UPDATE pipe SET v = 'never' WHERE id = 1");
        throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    // The row is free again: a second locker does not wait.
    const value = await unitOfWork.pipelined(
      async (tx) => (await tx.query<Array<{ v: string }>>('SELECT v FROM pipe WHERE id = 1 FOR UPDATE'))[0].v,
    );
    expect(value).toBe('one');
  });

  it('runs under the isolation level asked for', async () => {
    // A row committed by another connection between two reads: READ COMMITTED sees it, the default
    // REPEATABLE READ does not.
    const counts = (isolation?: 'READ COMMITTED') =>
      unitOfWork.pipelined(async (tx) => {
        const before = Number((await tx.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM pipe'))[0].n);
        await db.dataSource.query('INSERT INTO pipe VALUES (?, ?)', [before + 10, 'other']);
        const after = Number((await tx.query<Array<{ n: number }>>('SELECT COUNT(*) AS n FROM pipe'))[0].n);
        return after - before;
      }, isolation);
    expect(await counts('READ COMMITTED')).toBe(1);
    expect(await counts()).toBe(0);
  });

  it('a transaction that writes only sends its writes with the COMMIT', async () => {
    await unitOfWork.pipelined(async (tx) => {
      await tx.query("INSERT INTO pipe VALUES (4, 'four')");
    });
    expect((await rows()).map((row) => row.id)).toEqual([1, 2, 4]);
  });

  describe('writeBatch (group commit)', () => {
    it('commits a burst of concurrent batches, each exactly once', async () => {
      await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          unitOfWork.writeBatch(async (tx) => {
            await tx.query('INSERT INTO pipe VALUES (?, ?)', [100 + index, `b${index}`]);
            await tx.query('INSERT INTO pipe_counter VALUES (1, 1) ON DUPLICATE KEY UPDATE n = n + 1');
          }),
        ),
      );
      const all = await rows();
      expect(all).toHaveLength(202);
      expect(await db.dataSource.query('SELECT n FROM pipe_counter')).toEqual([{ n: 200 }]);
    });

    it('a failing batch fails alone; the batches grouped with it commit', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, index) =>
          unitOfWork.writeBatch(async (tx) => {
            // Batch 7 inserts an id that exists: a duplicate key.
            await tx.query('INSERT INTO pipe VALUES (?, ?)', [index === 7 ? 2 : 300 + index, `c${index}`]);
            await tx.query('INSERT INTO pipe VALUES (?, ?)', [400 + index, `d${index}`]);
          }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(1);
      expect((outcomes[7] as PromiseRejectedResult).reason).toEqual(
        expect.objectContaining({ message: expect.stringMatching(/Duplicate entry/) }),
      );
      const ids = new Set((await rows()).map((row) => row.id));
      expect(ids.has(407)).toBe(false);
      for (let index = 0; index < 40; index += 1) if (index !== 7) expect(ids.has(300 + index) && ids.has(400 + index)).toBe(true);
    });

    it('refuses reads', async () => {
      await expect(unitOfWork.writeBatch(async (tx) => tx.query('SELECT 1'))).rejects.toThrow(/cannot read/);
    });
  });
});
