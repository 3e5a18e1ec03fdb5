// Literals in SQL written by hand become `?` before export; a statement that binds its values
// is kept as the instrumentation recorded it. Quoting, comments, casts, dollar quotes and each
// dialect's placeholders decide what is a literal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScrubber } from '../../dist/index.js';
import { isSqlSystem, withoutSqlLiterals } from '../../dist/scrub/sql-literals.js';

test('strings and numbers written into a statement become ?', () => {
  const cases = [
    ['postgresql', "INSERT INTO users (email, password) VALUES ('alice@example.com', 'hunter2')", 'INSERT INTO users (email, password) VALUES (?, ?)'],
    ['postgresql', 'SELECT * FROM t1 WHERE id = 42 AND price > 3.5e2 LIMIT 10', 'SELECT * FROM t1 WHERE id = ? AND price > ? LIMIT ?'],
    ['postgresql', `SELECT * FROM "User" WHERE "email" = 'bob@x.io' AND note = 'it''s'`, 'SELECT * FROM "User" WHERE "email" = ? AND note = ?'],
    ['postgresql', "UPDATE accounts SET token = E'abc\\'def' WHERE id = 0x1F", 'UPDATE accounts SET token = ? WHERE id = ?'],
    ['postgresql', 'SELECT $body$ secret text $body$, $$x$$', 'SELECT ?, ?'],
    ['postgresql', "SELECT * FROM t WHERE a = 'never closed, secret", 'SELECT * FROM t WHERE a = ?'],
    ['postgresql', 'SELECT a[1:2] FROM t WHERE x = 3', 'SELECT a[?:?] FROM t WHERE x = ?'],
    // Standard strings: a backslash is a character, not an escape.
    ['postgresql', "VALUES ('C:\\', 'secret')", 'VALUES (?, ?)'],
    ['mysql', `SELECT * FROM users WHERE name = "bob" AND pw = 'a\\'b' -- comment 5`, 'SELECT * FROM users WHERE name = ? AND pw = ? -- comment 5'],
    ['mysql', 'SELECT @@version, @x := 5', 'SELECT @@version, @x := ?'],
    ['microsoft.sql_server', "SELECT * FROM [Order Details] WHERE name = N'Ö'", 'SELECT * FROM [Order Details] WHERE name = ?'],
    ['sqlite', "SELECT x'0fa3', 1.5, .5", 'SELECT ?, ?, ?'],
    ['postgresql', 'SELECT 1', 'SELECT ?'],
    // PostgreSQL binds with $1: its ? is a JSON operator, not a placeholder.
    ['postgresql', "SELECT * FROM t WHERE data ? 'role' AND pw = 'x'", 'SELECT * FROM t WHERE data ? ? AND pw = ?'],
  ];
  for (const [system, statement, expected] of cases) assert.equal(withoutSqlLiterals(statement, system), expected, statement);
});

/** Each [system, statement] comes back as the same statement. */
function assertKept(cases) {
  for (const [system, statement] of cases) assert.equal(withoutSqlLiterals(statement, system), statement);
}

test('names, casts, comments and statements without literals are left as they are', () => {
  assertKept([
    ['postgresql', 'SELECT count(*)::int FROM users WHERE plan IS NOT NULL GROUP BY plan'],
    ['postgresql', 'SELECT t1.col_2, "Table 3".x FROM t1 /* 42 */ JOIN "Table 3" ON true'],
    ['mysql', 'SELECT `col 1` FROM `db2`.`t3`'],
    ['microsoft.sql_server', 'SELECT * FROM #tmp1'],
  ]);
});

test('a statement that binds its values is kept whole, literals included', () => {
  assertKept([
    ['postgresql', 'SELECT $1::text AS token, 7 AS n'],
    ['mysql', 'SELECT ? AS token, 7 AS n'],
    ['microsoft.sql_server', "SELECT * FROM t WHERE name = N'x' AND id = @id"],
    ['oracle.db', 'SELECT * FROM users WHERE id = :id AND kind = 3'],
    ['cassandra', 'SELECT * FROM users WHERE id = ? LIMIT 5'],
  ]);
});

test('the scrubber applies it to db.query.text and db.statement of SQL systems only, then masks as ever', () => {
  const scrubber = createScrubber();
  const span = scrubber.scrubAttributes({
    'db.system.name': 'postgresql',
    'db.query.text': "UPDATE users SET password_hash = 'x9$abc', plan = 'pro' WHERE id = 7",
  });
  assert.equal(span['db.query.text'], 'UPDATE users SET password_hash = ?, plan = ? WHERE id = ?');
  const older = scrubber.scrubAttributes({ 'db.system': 'mysql', 'db.statement': "SELECT * FROM t WHERE card = '4111'" });
  assert.equal(older['db.statement'], 'SELECT * FROM t WHERE card = ?');
  const redis = { 'db.system.name': 'redis', 'db.query.text': 'SET session:42 [1 other arguments]' };
  assert.equal(scrubber.scrubAttributes(redis), redis, 'not SQL: the same object back');
  const bound = { 'db.system.name': 'postgresql', 'db.query.text': 'SELECT * FROM users WHERE email = $1' };
  assert.equal(scrubber.scrubAttributes(bound), bound);
  const placeholders = { 'db.system.name': 'mysql', 'db.query.text': 'UPDATE users SET password = ?, token = ? WHERE id = ?' };
  assert.equal(scrubber.scrubAttributes(placeholders), placeholders, 'a placeholder after a sensitive key is no value to mask');
  assert.ok(isSqlSystem('mariadb') && !isSqlSystem('mongodb') && !isSqlSystem(undefined));
  // The dialect name Sequelize and other ORMs report for PostgreSQL, with its string forms.
  const orm = scrubber.scrubAttributes({ 'db.system': 'postgres', 'db.statement': "INSERT INTO users (email, password) VALUES ($$a@b.test$$, E'pw\\'s')" });
  assert.equal(orm['db.statement'], 'INSERT INTO users (email, password) VALUES (?, ?)');
});
