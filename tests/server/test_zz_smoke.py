from tests.server.helpers import new_id, SAMPLE_FIELDS
def test_smoke(world):
    o = world.sign_in("olivia")
    c = o.create("contact")
    s = o.create("service")
    r = o.create("referral", contact_id=c, service_id=s)
    e = o.create("referral_event", referral_id=r)
    enc = o.create("encounter", status="submitted")
    sup = world.sign_in("sofia")
    sup.create("review", encounter_id=enc)
    ch = o.latest()
    print({k: (v["record_type"], v["fields"].get("status"), v["fields"].get("review_status"), v["cursor"]) for k, v in ch.items()})
    assert ch[r]["fields"]["status"] == "sent"
    assert ch[enc]["fields"]["review_status"] == "approved"
