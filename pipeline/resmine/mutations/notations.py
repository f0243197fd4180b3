"""The supported notations, one example per notation class, and the near misses.

This table is the documentation of the grammar and the test data of ``tests/test_mutations.py``
(one parametrized case per row); ``resmine eval-mutations --notations`` prints it. Each row:
(notation class, example sentence, expected mentions as (span text, normal forms, kind)).
The examples are written for this table (a few follow the tmVar guideline's own examples);
none is copied from an evaluation corpus's annotations.
"""

from __future__ import annotations

Expected = tuple[tuple[str, tuple[str, ...], str], ...]

NOTATIONS: tuple[tuple[str, str, Expected], ...] = (
    # --- protein substitutions
    ("one-letter substitution", "Tumours with V600E respond.", (("V600E", ("V600E",), "protein"),)),
    ("p. one-letter", "the p.V600E variant", (("p.V600E", ("V600E",), "protein"),)),
    ("p.( ) predicted change", "a p.(V600E) change", (("p.(V600E)", ("V600E",), "protein"),)),
    ("three-letter substitution", "Val600Glu was found", (("Val600Glu", ("V600E",), "protein"),)),
    ("p.( ) three-letter", "predicted p.(Val600Glu).", (("p.(Val600Glu)", ("V600E",), "protein"),)),
    ("three-letter with spaces", "the Cys 23 Ser variant", (("Cys 23 Ser", ("C23S",), "protein"),)),
    ("three-letter, position in parentheses", "Gly(388)Arg carriers", (("Gly(388)Arg", ("G388R",), "protein"),)),
    ("three-letter with arrow", "an Ile(146)-->Leu change", (("Ile(146)-->Leu", ("I146L",), "protein"),)),
    ("residue names with position", "valine 600 to glutamic acid was seen",
     (("valine 600 to glutamic acid", ("V600E",), "protein"),)),
    ("residue names, hyphenated", "the glycine-594-valine change", (("glycine-594-valine", ("G594V",), "protein"),)),
    ("substitution of X for Y at N", "a substitution of glutamic acid for valine at 600",
     (("substitution of glutamic acid for valine at 600", ("V600E",), "protein"),)),
    ("X-->Y substitution at codon N", "a Ser-->Cys substitution at codon 326",
     (("Ser-->Cys substitution at codon 326", ("S326C",), "protein"),)),
    ("residues replaced (list)", "Arg79 and Arg109 were replaced with Lys",
     (("Arg79 and Arg109 were replaced with Lys", ("R79K", "R109K"), "protein"),)),
    ("nonsense with *", "R213* truncates it", (("R213*", ("R213*",), "protein"),)),
    ("nonsense with X", "R213X truncates it", (("R213X", ("R213*",), "protein"),)),
    ("nonsense, Ter", "Arg213Ter truncates it", (("Arg213Ter", ("R213*",), "protein"),)),
    ("nonsense, stop", "S133stop and Glu 272 to stop",
     (("S133stop", ("S133*",), "protein"), ("Glu 272 to stop", ("E272*",), "protein"))),
    ("alternatives with slash", "ALK F1174C/L mutants", (("F1174C/L", ("F1174C", "F1174L"), "protein"),)),
    ("several alternatives", "I1171T/N/S confer resistance",
     (("I1171T/N/S", ("I1171T", "I1171N", "I1171S"), "protein"),)),
    ("list of changes", "T877A, H874Y and W741C in AR",
     (("T877A", ("T877A",), "protein"), ("H874Y", ("H874Y",), "protein"), ("W741C", ("W741C",), "protein"))),
    ("two positions, one change", "the C77/95A double mutant", (("C77/95A", ("C77A", "C95A"), "protein"),)),
    ("allele in brackets", "p.[D448H;H294Q] in cis", (("p.[D448H;H294Q]", ("D448H", "H294Q"), "protein"),)),
    ("allele in brackets, three-letter, deletion", "p.[Ser68Arg;Asn594del] in cis",
     (("p.[Ser68Arg;Asn594del]", ("S68R", "N594del"), "protein"),)),
    ("domain-prefixed position (HBV polymerase)", "HBV rtA181T and rtM204V/I",
     (("A181T", ("A181T",), "protein"), ("M204V/I", ("M204V", "M204I"), "protein"))),
    ("codon with residue change", "codon 72 (Arg-->Pro)", (("codon 72 (Arg-->Pro)", ("R72P",), "protein"),)),
    ("p. with a space before the new residue", "c.520G>A (p.E174 K)",
     (("c.520G>A", ("c.520G>A",), "dna"), ("p.E174 K", ("E174K",), "protein"))),
    # --- protein deletions, insertions, frameshifts
    ("range deletion", "E746_A750del in exon 19", (("E746_A750del", ("E746_A750del",), "protein"),)),
    ("three-letter range deletion", "Val624-Val625del", (("Val624-Val625del", ("V624_V625del",), "protein"),)),
    ("deletion prefix", "delE746-A750 tumours", (("delE746-A750", ("E746_A750del",), "protein"),)),
    ("delins", "L747_P753delinsS", (("L747_P753delinsS", ("L747_P753delinsS",), "protein"),)),
    ("insertion at a range", "D770_N771insSVD", (("D770_N771insSVD", ("D770_N771insSVD",), "protein"),)),
    ("insertion, position first", "1151Tins and T1151ins",
     (("1151Tins", ("T1151ins",), "protein"), ("T1151ins", ("T1151ins",), "protein"))),
    ("single-residue deletion", "deltaF508, delF508 and F508del",
     (("deltaF508", ("F508del",), "protein"), ("delF508", ("F508del",), "protein"),
      ("F508del", ("F508del",), "protein"))),
    ("frameshift", "Y329fs and L100Pfs*5",
     (("Y329fs", ("Y329fs",), "protein"), ("L100Pfs*5", ("L100Pfs*5",), "protein"))),
    ("frameshift, three-letter", "p.Pro184ArgfsX19", (("p.Pro184ArgfsX19", ("P184Rfs*19",), "protein"),)),
    # --- gene written against the change
    ("gene glued", "BRAFV600E melanoma", (("BRAFV600E", ("V600E",), "protein"),)),
    ("gene hyphenated", "BRAF-V600E melanoma", (("BRAF-V600E", ("V600E",), "protein"),)),
    ("gene before, space", "EGFR T790M tumours", (("T790M", ("T790M",), "protein"),)),
    ("histone mutation", "H3K27M gliomas", (("H3K27M", ("K27M",), "protein"),)),
    # --- DNA
    ("HGVS c. substitution", "c.2573T>G was found", (("c.2573T>G", ("c.2573T>G",), "dna"),)),
    ("HGVS with spaces", "c.1402-1C > G", (("c.1402-1C > G", ("c.1402-1C>G",), "dna"),)),
    ("HGVS deletion with length", "c.2235_2249del15", (("c.2235_2249del15", ("c.2235_2249del15",), "dna"),)),
    ("HGVS intronic range", "c.609+28_610-16del", (("c.609+28_610-16del", ("c.609+28_610-16del",), "dna"),)),
    ("HGVS 3' UTR", "c.*557G>A", (("c.*557G>A", ("c.*557G>A",), "dna"),)),
    ("HGVS duplication, insertion", "c.1285-1301dup and c.304ins(GCG)",
     (("c.1285-1301dup", ("c.1285-1301dup",), "dna"), ("c.304ins(GCG)", ("c.304ins(GCG)",), "dna"))),
    ("HGVS alleles in trans", "c.[76A>C];[83G>C] and c.[2376G>C];[=]",
     (("c.[76A>C];[83G>C]", ("c.[76A>C];[83G>C]",), "dna"), ("c.[2376G>C];[=]", ("c.[2376G>C];[=]",), "dna"))),
    ("HGVS uncertain breakpoints", "c.(4071+1_4072-1)_(5154+1_5155-1)del and c.(?_-1)_(*1_?)del",
     (("c.(4071+1_4072-1)_(5154+1_5155-1)del", ("c.(4071+1_4072-1)_(5154+1_5155-1)del",), "dna"),
      ("c.(?_-1)_(*1_?)del", ("c.(?_-1)_(*1_?)del",), "dna"))),
    ("HGVS insertion at an uncertain place", "c.(67_70)insG", (("c.(67_70)insG", ("c.(67_70)insG",), "dna"),)),
    ("HGVS g. and m.", "g.203A>C and m.3243A>G",
     (("g.203A>C", ("g.203A>C",), "dna"), ("m.3243A>G", ("m.3243A>G",), "dna"))),
    ("letter-first c.", "c.G1714A", (("c.G1714A", ("c.G1714A",), "dna"),)),
    ("position-first substitution", "the 677C>T polymorphism", (("677C>T", ("677C>T",), "dna"),)),
    ("promoter positions", "-308G>A and +1858C>T",
     (("-308G>A", ("-308G>A",), "dna"), ("+1858C>T", ("+1858C>T",), "dna"))),
    ("alleles with slash", "the -491A/T polymorphism", (("-491A/T", ("-491A/T",), "dna"),)),
    ("intronic offset, arrow", "825 + 1 G-->C in intron 13", (("825 + 1 G-->C", ("825+1G>C",), "dna"),)),
    ("letter-first DNA", "the C677T and G-395A polymorphisms",
     (("C677T", ("C677T",), "dna"), ("G-395A", ("G-395A",), "dna"))),
    ("position-first deletion", "1494del6 and -134delA",
     (("1494del6", ("1494del6",), "dna"), ("-134delA", ("-134delA",), "dna"))),
    ("insertion, duplication", "2172_2173insCCCC and 899dupC",
     (("2172_2173insCCCC", ("2172_2173insCCCC",), "dna"), ("899dupC", ("899dupC",), "dna"))),
    ("IVS", "IVS8+4 A>G and IVS-II-1(G>A)",
     (("IVS8+4 A>G", ("IVS8+4A>G",), "dna"), ("IVS-II-1(G>A)", ("IVS-II-1G>A",), "dna"))),
    ("IVS lower case", "IVS10+1, g-->t", (("IVS10+1, g-->t", ("IVS10+1G>T",), "dna"),)),
    ("IVS, change in parentheses", "IVS2+1(g-t)", (("IVS2+1(g-t)", ("IVS2+1G>T",), "dna"),)),
    ("intronic position, new base only", "the 862+5A mutation", (("862+5A", ("862+5A",), "dna"),)),
    ("HGVS without its dot", "c2403T --> C and r291-464del",
     (("c2403T --> C", ("c2403T>C",), "dna"), ("r291-464del", ("r291-464del",), "dna"))),
    ("three alleles", "the MDR1 G2677T/A polymorphism", (("G2677T/A", ("G2677T/A",), "dna"),)),
    ("alleles at a position", "the C/T(-13910) variant", (("C/T(-13910)", ("C/T(-13910)",), "dna"),)),
    ("alleles with a glued position", "the G/A312 and C/T-118 polymorphisms",
     (("G/A312", ("G/A312",), "dna"), ("C/T-118", ("C/T-118",), "dna"))),
    ("deletion written first, spaced", "a del 512G allele", (("del 512G", ("del512G",), "dna"),)),
    ("beta-globin codon notation", "CD 41/42 (-TTCT) and CD17 (A>T)",
     (("CD 41/42 (-TTCT)", ("CD41/42(-TTCT)",), "dna"), ("CD17 (A>T)", ("CD17A>T",), "dna"))),
    ("exon-prefixed intronic", "Ex2+860G>C", (("Ex2+860G>C", ("Ex2+860G>C",), "dna"),)),
    ("change at nucleotide N", "a C-->T transition at nucleotide 677",
     (("C-->T transition at nucleotide 677", ("677C>T",), "dna"),)),
    ("codon change", "codon 26, GAG-->GCG", (("codon 26, GAG-->GCG", ("codon26GAG>GCG",), "dna"),)),
    ("codon in parentheses", "CAC(3543)TAC", (("CAC(3543)TAC", ("CAC3543TAC",), "dna"),)),
    ("bare substitution", "the C>T substitution", (("C>T", ("C>T",), "dna"),)),
    ("alleles, polymorphism", "the G/C polymorphism", (("G/C", ("G/C",), "dna"),)),
    ("deleted bases", "a delTTCA allele and dup24bp",
     (("delTTCA", ("delTTCA",), "dna"), ("dup24bp", ("dup24bp",), "dna"))),
    ("CCR5 delta32", "the CCR5 Delta32 allele", (("Delta32", ("Delta32",), "dna"),)),
    ("CFTR intronic kb", "3849+10kbC>T", (("3849+10kbC>T", ("3849+10kbC>T",), "dna"),)),
    # --- SNP ids
    ("dbSNP id", "rs121434568 was typed", (("rs121434568", ("rs121434568",), "snp"),)),
    ("dbSNP id in words", "reference SNP no. 4359426", (("reference SNP no. 4359426", ("rs4359426",), "snp"),)),
    ("dbSNP id with its alleles", "rs601338A>G carriers", (("rs601338A>G", ("rs601338",), "snp"),)),
    # --- classes
    ("exon deletion", "EGFR exon 19 deletion", (("exon 19 deletion", ("exon 19 deletion",), "class"),)),
    ("exon deletion, abbreviated", "exon 19 del and del19",
     (("exon 19 del", ("exon 19 deletion",), "class"), ("del19", ("exon 19 deletion",), "class"))),
    ("deletion in exon", "a deletion in exon 19", (("deletion in exon 19", ("exon 19 deletion",), "class"),)),
    ("exon insertion", "exon 20 insertions", (("exon 20 insertions", ("exon 20 insertion",), "class"),)),
    ("exon skipping", "MET exon 14 skipping", (("exon 14 skipping", ("exon 14 skipping",), "class"),)),
    ("codon", "mutations at codon 121", (("codon 121", ("codon 121",), "class"),)),
    ("codons", "codons 12 and 13", (("codons 12 and 13", ("codon 12", "codon 13"), "class"),)),
    ("residue without change", "KRAS G12 mutations", (("G12", ("codon 12",), "class"),)),
    # --- fusions
    ("fusion, en dash", "EML4–ALK positive", (("EML4–ALK", ("fusion",), "fusion"),)),
    ("fusion, hyphen", "BCR-ABL1 transcripts", (("BCR-ABL1", ("fusion",), "fusion"),)),
    ("fusion, double colon", "TMPRSS2::ERG", (("TMPRSS2::ERG", ("fusion",), "fusion"),)),
    ("fusion with the word", "a KIF5B-RET fusion", (("KIF5B-RET", ("fusion",), "fusion"),)),
    ("fusion with a slash", "BCR/ABL-positive cells", (("BCR/ABL", ("fusion",), "fusion"),)),
)

# (what it is, sentence): extract_mutations must find nothing
NEAR_MISSES: tuple[tuple[str, str], ...] = (
    ("cell line H3122", "H3122 cells were treated"),
    ("cell line HCT116", "in HCT116 and SW480 cells"),
    ("cell line K562", "K562 cells"),
    ("cell lines A549, MCF7, H1975, PC9, U87", "A549, MCF7, H1975, PC9 and U87 cells"),
    ("cell line Ba/F3", "Ba/F3 cells expressing the kinase"),
    ("cell line T47D", "T47D and T98G cells"),
    ("cell line HEK293T", "HEK293T cells"),
    ("gene CD44", "CD44 expression"),
    ("gene IGF1R", "IGF1R signalling"),
    ("genes with digits", "HER2, BRCA2, COX2, p53 and p21"),
    ("genes with digits 2", "CD133 and S100A4 and S100P"),
    ("genes with digit + letter", "RAD51C, PDE10A, CDC25A and TNFRSF11A"),
    ("ERK1/2", "ERK1/2 phosphorylation"),
    ("figure label", "as shown in Fig. 2A and Figure 3B"),
    ("plasmid", "cloned into pCMV5 and pcDNA3.1"),
    ("p-value", "p<0.05"),
    ("p-value with spaces", "P = 0.001"),
    ("date", "on 2011-05-03"),
    ("transcription factor E2F", "E2F activity"),
    ("self-cleaving peptide", "a P2A linker"),
    ("receptor", "the D2R antagonist"),
    ("ligand and receptor", "EPO/EPOR signalling"),
    ("drug class", "EGFR-TKI treatment"),
    ("immune checkpoint", "PD-L1 expression"),
    ("pathway", "the BRAF-MEK inhibitor combination"),
    ("pathway with a slash", "PI3K/AKT signalling"),
    ("two kinases as alternatives", "ALK/ROS1-positive NSCLC"),
    ("genotype", "the G1359G genotype"),
    ("allele pair", "A/A carriers"),
    ("enzyme class", "ubiquitin-conjugating enzyme E2C"),
    ("ordinary number range", "aged 18-65 years"),
    ("T-cell subsets", "CD4+ T cells and CD8+ T cells"),
    ("isotope label", "[24-14C]cholate and [1-14C]acetate"),
    ("antibody chains, haplotypes", "HLA-B27 and the 4G/5G genotype"),
    ("plain numbers", "in 2010, 45 of 120 patients (37.5%)"),
    ("same alleles at a position: a genotype", "the G/G312 genotype"),
    ("cell-cycle phases", "cells arrested in G0/G1 phase"),
    ("allele pair with a one-digit number", "the C/T1 subunit"),
    ("transactivator and PCR, lower-case rt", "the rtTA2S-M2 transactivator and rtPCR"),
    ("a residue of a domain without a change", "the rtA181 residue"),
    ("chromosome arm deletions", "del 5q and del 17p"),
    ("exon deletion written short and spaced", "del 19 mutations"),
    ("HGVS range without a change", "the region c.(100_200)"),
)

# sentences with a false friend and a true mutation: only the mutation is found
MIXED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("H1975 cells carry L858R and T790M", ("L858R", "T790M")),
    ("PC9 cells with the T790M mutation", ("T790M",)),
    ("Ba/F3 cells expressing EML4-ALK L1196M", ("EML4-ALK", "L1196M")),
)


def format_notations() -> str:
    """The table as Markdown (for ``resmine eval-mutations --notations``)."""
    rows = ["| notation | example | mentions (normal forms, kind) |", "|---|---|---|"]
    for name, sentence, expected in NOTATIONS:
        found = "; ".join(f"`{text}` → {', '.join(norms)} ({kind})" for text, norms, kind in expected)
        rows.append(f"| {name} | {sentence} | {found} |")
    rows.append("")
    rows.append("Must not match: " + "; ".join(f"{what} (\"{s}\")" for what, s in NEAR_MISSES))
    return "\n".join(rows)
