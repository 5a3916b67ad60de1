#include "InstanceBalancer.h"

#include <QHash>
#include <QSet>
#include <QTest>

using namespace gatehouse;

namespace {

struct Inst
{
    const char *name;
    int weight;
    int priority;
};

RouteSpec route(std::initializer_list<Inst> instances, bool chash = false)
{
    RouteSpec r;
    r.id = QStringLiteral("route");
    r.plugin = RouteSpec::Plugin::AiProxyMulti;
    for (const Inst &i : instances) {
        InstanceSpec s;
        s.name = QString::fromLatin1(i.name);
        s.weight = i.weight;
        s.priority = i.priority;
        r.instances << s;
    }
    if (chash) {
        r.balancer.algorithm = BalancerSpec::Algorithm::ConsistentHash;
        r.balancer.hashOn = QStringLiteral("header");
        r.balancer.key = QStringLiteral("x-user");
    }
    return r;
}

QStringList names(const RouteSpec &r, const QList<int> &plan)
{
    QStringList out;
    for (int i : plan)
        out << r.instances[i].name;
    return out;
}

QByteArray userKey(int i)
{
    return "user-" + QByteArray::number(i);
}

} // namespace

// The order of instances one request tries: priority groups, smooth weighted round-robin, weight
// 0 last, tiers from the caller (model, health), and the consistent-hash ring.
class TestInstanceBalancer : public QObject
{
    Q_OBJECT

private slots:
    void fourToOneIsEightToTwo();
    void roundRobinInterleaves();
    void priorityGroupsHighestFirst();
    void weightZeroOnlyAfterEveryWeightedInstance();
    void tiersComeFirstAndMinusOneIsLeftOut();
    void roundRobinSkipsLeftOutInstances();
    void singleInstance();
    void routeChangeRebuildsState();
    void chashIsSticky();
    void chashFallbackOrderIsStablePerKey();
    void chashSharesFollowWeights_data();
    void chashSharesFollowWeights();
    void chashAddingAnInstanceMovesOnlyItsShare();
    void chashRemovingAnInstanceMovesOnlyItsKeys();
    void chashInsidePriorityGroups();
    void hashIsStable();
    void planCost();
};

void TestInstanceBalancer::fourToOneIsEightToTwo()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"a", 4, 0}, {"b", 1, 0}});
    QHash<QString, int> firsts;
    for (int i = 0; i < 10; ++i) {
        const QList<int> plan = b.plan(r);
        QCOMPARE(plan.size(), 2); // the other one is the fallback
        ++firsts[r.instances[plan.first()].name];
    }
    QCOMPARE(firsts.value(QStringLiteral("a")), 8);
    QCOMPARE(firsts.value(QStringLiteral("b")), 2);
}

void TestInstanceBalancer::roundRobinInterleaves()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"a", 2, 0}, {"b", 1, 0}, {"c", 1, 0}});
    QString seq;
    for (int i = 0; i < 8; ++i)
        seq += r.instances[b.plan(r).first()].name;
    QCOMPARE(seq, QStringLiteral("abcaabca")); // nginx's smooth sequence, never "aabb..."
}

void TestInstanceBalancer::priorityGroupsHighestFirst()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"low", 5, 0}, {"high1", 1, 2}, {"mid", 1, 1}, {"high2", 1, 2}});
    QSet<QString> leads;
    for (int i = 0; i < 4; ++i) {
        const QStringList order = names(r, b.plan(r));
        QCOMPARE(order.size(), 4);
        QVERIFY(order[0].startsWith(u"high") && order[1].startsWith(u"high"));
        QCOMPARE(order[2], QStringLiteral("mid"));
        QCOMPARE(order[3], QStringLiteral("low"));
        leads << order[0];
    }
    QCOMPARE(leads.size(), 2); // round-robin inside the top group
}

void TestInstanceBalancer::weightZeroOnlyAfterEveryWeightedInstance()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"zero-high", 0, 5}, {"a", 1, 1}, {"zero-low", 0, 0}, {"b", 1, 0}});
    for (int i = 0; i < 3; ++i)
        QCOMPARE(names(r, b.plan(r)),
                 (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("zero-high"),
                              QStringLiteral("zero-low")}));
}

void TestInstanceBalancer::tiersComeFirstAndMinusOneIsLeftOut()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"a", 1, 2}, {"b", 1, 1}, {"c", 1, 0}, {"d", 1, 0}});
    // c serves the requested model (tier 0); a is cooling (tier 2: last resort); d is left out.
    const qint8 tiers[] = {2, 1, 0, -1};
    InstanceBalancer::Plan plan;
    b.plan(r, {}, tiers, plan);
    QCOMPARE(names(r, QList<int>(plan.begin(), plan.end())),
             (QStringList{QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a")}));
    const qint8 none[] = {-1, -1, -1, -1};
    b.plan(r, {}, none, plan);
    QVERIFY(plan.isEmpty());
}

void TestInstanceBalancer::roundRobinSkipsLeftOutInstances()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"a", 4, 0}, {"b", 1, 0}, {"c", 1, 0}});
    const qint8 tiers[] = {-1, 0, 0}; // a is cooling down under rate_limiting
    InstanceBalancer::Plan plan;
    QHash<int, int> firsts;
    for (int i = 0; i < 10; ++i) {
        b.plan(r, {}, tiers, plan);
        QCOMPARE(plan.size(), 2);
        ++firsts[plan.first()];
    }
    QCOMPARE(firsts.value(1), 5);
    QCOMPARE(firsts.value(2), 5);
}

void TestInstanceBalancer::singleInstance()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"only", 1, 0}});
    QCOMPARE(b.plan(r), QList<int>{0});
    const qint8 out[] = {-1};
    InstanceBalancer::Plan plan;
    b.plan(r, {}, out, plan);
    QVERIFY(plan.isEmpty());
}

void TestInstanceBalancer::routeChangeRebuildsState()
{
    InstanceBalancer b;
    RouteSpec r = route({{"a", 1, 0}, {"b", 1, 0}});
    b.plan(r);
    // The same route id now has three instances (a reload): the state follows, no stale index.
    r = route({{"c", 1, 0}, {"b", 1, 0}, {"a", 1, 0}});
    QSet<int> firsts;
    for (int i = 0; i < 3; ++i)
        firsts << b.plan(r).first();
    QCOMPARE(firsts, (QSet<int>{0, 1, 2}));
    r = route({{"x", 1, 0}, {"y", 1, 0}}, true);
    QCOMPARE(b.plan(r, "k").size(), 2);
}

void TestInstanceBalancer::chashIsSticky()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"a", 1, 0}, {"b", 1, 0}, {"c", 1, 0}}, true);
    QSet<int> used;
    for (int u = 0; u < 30; ++u) {
        const int first = b.plan(r, userKey(u)).first();
        used << first;
        for (int again = 0; again < 5; ++again)
            QCOMPARE(b.plan(r, userKey(u)).first(), first);
        // A second balancer (a restart) puts the key on the same instance.
        InstanceBalancer other;
        QCOMPARE(other.plan(r, userKey(u)).first(), first);
    }
    QCOMPARE(used.size(), 3);
}

void TestInstanceBalancer::chashFallbackOrderIsStablePerKey()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"a", 1, 0}, {"b", 1, 0}, {"c", 1, 0}, {"d", 1, 0}}, true);
    for (int u = 0; u < 20; ++u) {
        const QList<int> plan = b.plan(r, userKey(u));
        QCOMPARE(plan.size(), 4);
        QCOMPARE(QSet<int>(plan.begin(), plan.end()).size(), 4);
        QCOMPARE(b.plan(r, userKey(u)), plan);
        // Leaving out the key's instance moves it to its own next one, not to any.
        qint8 tiers[] = {0, 0, 0, 0};
        tiers[plan[0]] = -1;
        InstanceBalancer::Plan without;
        b.plan(r, userKey(u), tiers, without);
        QCOMPARE(without.first(), plan[1]);
    }
}

void TestInstanceBalancer::chashSharesFollowWeights_data()
{
    QTest::addColumn<int>("weightA");
    QTest::addColumn<int>("weightB");
    QTest::newRow("1:1") << 1 << 1;
    QTest::newRow("3:1") << 3 << 1;
    QTest::newRow("4:1") << 4 << 1;
    QTest::newRow("300:100 (scaled to fit the ring)") << 300 << 100;
}

void TestInstanceBalancer::chashSharesFollowWeights()
{
    QFETCH(int, weightA);
    QFETCH(int, weightB);
    InstanceBalancer b;
    RouteSpec r = route({{"a", 1, 0}, {"b", 1, 0}}, true);
    r.instances[0].weight = weightA;
    r.instances[1].weight = weightB;
    constexpr int kKeys = 20000;
    int a = 0;
    for (int u = 0; u < kKeys; ++u)
        a += b.plan(r, userKey(u)).first() == 0 ? 1 : 0;
    const double share = double(a) / kKeys;
    const double expected = double(weightA) / (weightA + weightB);
    QVERIFY2(qAbs(share - expected) < 0.05,
             qPrintable(QStringLiteral("share %1, expected %2").arg(share).arg(expected)));
}

void TestInstanceBalancer::chashAddingAnInstanceMovesOnlyItsShare()
{
    InstanceBalancer b;
    const RouteSpec three = route({{"a", 1, 0}, {"b", 1, 0}, {"c", 1, 0}}, true);
    const RouteSpec four = route({{"a", 1, 0}, {"b", 1, 0}, {"c", 1, 0}, {"d", 1, 0}}, true);
    constexpr int kKeys = 20000;
    QList<QString> before;
    for (int u = 0; u < kKeys; ++u)
        before << three.instances[b.plan(three, userKey(u)).first()].name;
    int moved = 0;
    for (int u = 0; u < kKeys; ++u) {
        const QString now = four.instances[b.plan(four, userKey(u)).first()].name;
        if (now != before[u]) {
            ++moved;
            QCOMPARE(now, QStringLiteral("d")); // a key only ever moves to the new instance
        }
    }
    const double fraction = double(moved) / kKeys;
    qInfo("adding a 4th instance moved %.1f %% of the keys (a fair share is 25 %%)",
          fraction * 100);
    QVERIFY2(fraction > 0.18 && fraction < 0.32, qPrintable(QString::number(fraction)));
}

void TestInstanceBalancer::chashRemovingAnInstanceMovesOnlyItsKeys()
{
    InstanceBalancer b;
    const RouteSpec four = route({{"a", 1, 0}, {"b", 1, 0}, {"c", 1, 0}, {"d", 1, 0}}, true);
    const RouteSpec three = route({{"a", 1, 0}, {"c", 1, 0}, {"d", 1, 0}}, true); // b removed
    for (int u = 0; u < 5000; ++u) {
        const QString was = four.instances[b.plan(four, userKey(u)).first()].name;
        const QString now = three.instances[b.plan(three, userKey(u)).first()].name;
        if (was != QLatin1String("b"))
            QCOMPARE(now, was);
    }
}

void TestInstanceBalancer::chashInsidePriorityGroups()
{
    InstanceBalancer b;
    const RouteSpec r =
        route({{"backup", 1, 0}, {"a", 1, 1}, {"b", 1, 1}, {"backup2", 1, 0}}, true);
    for (int u = 0; u < 50; ++u) {
        const QStringList order = names(r, b.plan(r, userKey(u)));
        QCOMPARE(order.size(), 4);
        QVERIFY(!order[0].startsWith(u"backup") && !order[1].startsWith(u"backup"));
        QVERIFY(order[2].startsWith(u"backup") && order[3].startsWith(u"backup"));
    }
}

void TestInstanceBalancer::hashIsStable()
{
    // Fixed values: a change of the hash would move every user to another instance.
    QCOMPARE(InstanceBalancer::hash(""), InstanceBalancer::hash(QByteArrayView()));
    QCOMPARE(InstanceBalancer::hash("user-1"), InstanceBalancer::hash(QByteArray("user-1")));
    QVERIFY(InstanceBalancer::hash("user-1") != InstanceBalancer::hash("user-2"));
    QCOMPARE(InstanceBalancer::hash("user-1"), Q_UINT64_C(0x41a2fca5c68401c5));
}

void TestInstanceBalancer::planCost()
{
    InstanceBalancer b;
    const RouteSpec r = route({{"a", 4, 1}, {"b", 1, 1}, {"c", 1, 0}});
    const RouteSpec h = route({{"a", 4, 1}, {"b", 1, 1}, {"c", 1, 0}}, true);
    InstanceBalancer::Plan plan;
    const qint8 tiers[] = {0, 0, 2};
    QBENCHMARK
    {
        b.plan(r, {}, tiers, plan);
        b.plan(h, "user-42", tiers, plan);
    }
}

QTEST_GUILESS_MAIN(TestInstanceBalancer)
#include "tst_instancebalancer.moc"
