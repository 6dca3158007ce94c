# Turns the text of NIST's PKITS document (PKITS.pdf v1.0, 2 Sep 2004, through `pdftotext -layout`)
# into pkits-cases.tsv: one line per test and input setting. Run: python3 totsv.py PKITS.txt > pkits-cases.tsv
import re,sys,json,os
txt_file=sys.argv[1]
D='/usr/lib/python3/dist-packages/cryptography_vectors/x509/PKITS_data/'
files={f[:-4]:f for f in os.listdir(D+'certs')+os.listdir(D+'crls')}
stems=sorted(files,key=len,reverse=True)
lines=open(txt_file).read().split('\n')
start=[i for i,l in enumerate(lines) if re.match(r'\s*4\.1\.1 Valid Signatures Test1\s*$',l)][0]
end=[i for i,l in enumerate(lines) if i>start and re.match(r'^\s*5 Relationship',l)][0]
head=re.compile(r'^\s*(4\.\d+\.\d+)\.? +(\S.*\S)\s*$')
tests=[];cur=None;inpath=False
for i in range(start,end):
    l=lines[i]; m=head.match(l)
    if m:
        cur={'id':m.group(1),'name':m.group(2),'block':'','text':[]}; tests.append(cur); inpath=False; continue
    if re.match(r'^\s*4\.\d+ [A-Z]',l): inpath=False; continue
    if cur is None: continue
    if 'Certification Path:' in l: inpath=True; continue
    if inpath:
        if not re.match(r'^\s*\d+\s*$',l): cur['block']+=l
    else: cur['text'].append(l)
def setting(s):
    out=[]
    if 'initial-explicit-policy set' in s: out.append('explicit-policy')
    m=re.search(r'initial-policy-set = \{([^}]*)\}',s)
    if m: out.append('policies='+'+'.join(re.findall(r'NIST-test-policy-(\d)',m.group(1))))
    if 'initial-policy-mapping-inhibit set' in s: out.append('mapping-inhibit')
    if 'initial-inhibit-any-policy set' in s: out.append('any-policy-inhibit')
    return ','.join(out) or 'default'
print('# NIST PKITS v1.0 (Public Key Interoperability Test Suite, Certification Path Validation, 2004), section 4:')
print('# test, name, input settings (section 3 defaults unless named), expected result, the objects of its')
print('# certification path (files of PKITS_data/certs and crls, trust anchor first). Extracted from the')
print('# document by totsv.py; the data is Debian\'s python3-cryptography-vectors.')
for t in tests:
    s=re.sub(r'[\s,\-]','',t['block']); p=0; fl=[]
    while p<len(s):
        st=next(x for x in stems if s.startswith(x,p)); fl.append(files[st]); p+=len(st)
    txt=' '.join(' '.join(t['text']).split())
    runs=re.findall(r'\d\. (default settings[^.]*?)\s?\. The path should (not )?validate successfully',txt)
    if not runs:
        e=txt[txt.find('Expected Result'):]
        neg=re.search(r'should not validate|should be rejected|not validate successfully',e) is not None
        pos=re.search(r'should validate successfully|path is valid',e) is not None
        if t['name'].startswith('Valid'): exp='valid'
        elif t['name'].startswith('Invalid'): exp='invalid'
        elif re.search(r'can process the policyConstraints extension,? then the (\d+ )?path should not validate',e): exp='invalid'
        elif 'otherwise it should validate successfully' in e: exp='valid'  # default settings: any-policy, not explicit
        elif neg and not pos: exp='invalid'
        elif pos and not neg: exp='valid'
        else: raise SystemExit('unclear '+t['id'])
        runs=[('default settings','' if exp=='valid' else 'not ')]
    for s,n in runs:
        print('\t'.join([t['id'],t['name'],setting(s),'invalid' if n else 'valid',' '.join(fl)]))
