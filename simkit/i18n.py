"""Every user-facing label in Bahasa Indonesia (first) and English.

Use :func:`t`: ``t("voters_arrived", "en")``. Keys are grouped by the face that uses them; add new
keys here rather than writing text in the CLI, plots or dashboard. TPS vocabulary (DPT, DPTb, DPK,
KPPS, C.Hasil, saksi, Sirekap) stays Indonesian in both languages, as trainers use it.
"""

from __future__ import annotations

LANGS = ("id", "en")

LABELS: dict[str, tuple[str, str]] = {
    # summary KPIs (DESIGN.md contract keys)
    "voters_eligible": ("Pemilih terdaftar (DPT+DPTb+DPK)", "Eligible voters (DPT+DPTb+DPK)"),
    "voters_arrived": ("Orang yang datang", "People who came"),
    "voters_voted": ("Memilih", "Voted"),
    "voters_turned_away": ("Ditolak di pintu masuk", "Turned away at the entrance"),
    "voters_left": ("Pulang karena antrean panjang", "Left because of the line"),
    "wait_mean_min": ("Rata-rata menunggu (menit)", "Mean wait (min)"),
    "wait_p90_min": ("Menunggu, persentil 90 (menit)", "Wait, 90th percentile (min)"),
    "wait_max_min": ("Menunggu terlama (menit)", "Longest wait (min)"),
    "share_wait_over_30min": ("Porsi menunggu > 30 menit", "Share waiting > 30 min"),
    "last_voter_exit_min": ("Pemilih terakhir keluar", "Last voter left"),
    "counting_end_min": ("Penghitungan selesai", "Counting ended"),
    "work_end_min": ("Semua pekerjaan selesai", "All work done"),
    "kpps_hours_max": ("Jam kerja KPPS, terlama", "KPPS hours on duty, longest"),
    "kpps_hours_mean": ("Jam kerja KPPS, rata-rata", "KPPS hours on duty, mean"),
    "past_deadline": ("Melewati batas waktu (12:00 H+1)", "Past the legal deadline (12:00 next day)"),
    "ballots_spoiled": ("Surat suara rusak/keliru coblos", "Spoiled ballots"),
    "recounts": ("Penghitungan ulang", "Recounts"),
    "objections": ("Keberatan saksi", "Saksi objections"),
    "psu_risk_events": ("Kejadian berisiko PSU", "Events that risk a re-vote (PSU)"),
    "busiest_station": ("Pos tersibuk", "Busiest station"),
    "busiest_utilisation": ("Utilisasi pos tersibuk", "Busiest station's utilisation"),
    # stations and places
    "entrance": ("Meja A (pendaftaran)", "Meja A (entrance check)"),
    "seats": ("Kursi antre", "Waiting seats"),
    "ketua_table": ("Meja ketua KPPS", "Ketua's table"),
    "booth": ("Bilik suara", "Voting booths"),
    "boxes": ("Kotak suara", "Ballot boxes"),
    "ink": ("Tinta", "Ink"),
    "exit": ("Keluar", "Exit"),
    "counting": ("Penghitungan", "Counting"),
    "paperwork": ("Administrasi (C.Hasil, salinan, Sirekap)", "Paperwork (C.Hasil, copies, Sirekap)"),
    # categories and outcomes
    "DPT": ("DPT", "DPT"),
    "DPTb": ("DPTb", "DPTb"),
    "DPK": ("DPK", "DPK"),
    "voted": ("memilih", "voted"),
    "turned_away": ("ditolak", "turned away"),
    "left": ("pulang", "left"),
    # ballot types
    "PPWP": ("Presiden (PPWP)", "President (PPWP)"),
    "DPR": ("DPR", "DPR"),
    "DPD": ("DPD", "DPD"),
    "DPRD_PROV": ("DPRD Provinsi", "DPRD Province"),
    "DPRD_KABKOTA": ("DPRD Kab/Kota", "DPRD Regency/City"),
    # generic
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "hours": ("jam", "hours"),
    "minutes": ("menit", "min"),
    "time_of_day": ("Pukul", "Time of day"),
}


def t(key: str, lang: str = "id") -> str:
    """The label for ``key`` in ``lang`` (``"id"`` or ``"en"``); unknown keys come back as is."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
